export { readAudioFile, type ReadAudioFileOptions } from './read-audio-file.js';
