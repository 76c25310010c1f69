import { loadClassifier, requestMicrophone, type Classifier, type Listener } from '@spectromix/classifier';
import { installSpectromixKernels } from '@spectromix/webgpu-kernels';
import { loadModelIndex, modelUrl, type BundledModel } from './bundled-models.js';
import { startLiveSpectrogram } from './live-spectrogram.js';
import { MessageArea } from './messages.js';
import { pageOptions } from './page-options.js';
import { ProbabilityView } from './probability-view.js';
import { SpectrogramView } from './spectrogram-view.js';
import { wireDropZone } from './drop-zone.js';

function el<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found == null) throw new Error(`The page is missing #${id}.`);
  return found as T;
}

const base = new URL('./', document.baseURI);
const options = pageOptions(location.search);
const modelSelect = el<HTMLSelectElement>('model-select');
const modelFile = el<HTMLInputElement>('model-file');
const modelStatus = el('model-status');
const modelDescription = el('model-description');
const backendOut = el('backend');
const backendReason = el('backend-reason');
const precisionOut = el('precision');
const precisionReason = el('precision-reason');
const dropZone = el('drop-zone');
const fileInput = el<HTMLInputElement>('file-input');
const micButton = el<HTMLButtonElement>('mic-toggle');
const speakerRow = el('speaker-row');
const speakerReset = el<HTMLButtonElement>('speaker-reset');
const hopSelect = el<HTMLSelectElement>('hop-select');
const messages = new MessageArea(el('message'));
const results = new ProbabilityView(el('result'));
const spectrogram = new SpectrogramView(el<HTMLCanvasElement>('spectrogram'));

let models: BundledModel[] = [];
let classifier: Classifier | null = null;
let live: { listener: Listener; stream: MediaStream; stopSpectrogram: () => void } | null = null;
let loading = 0;

function setInputsEnabled(enabled: boolean): void {
  dropZone.setAttribute('aria-disabled', String(!enabled));
  micButton.disabled = !enabled;
}

async function selectModel(id: string): Promise<void> {
  const model = models.find((m) => m.id === id);
  if (model == null) return;
  modelDescription.textContent = model.description;
  await useModel(model.name, model.id, modelUrl(base, model).href);
}

async function useOwnModel(files: File[]): Promise<void> {
  if (files.length === 0) return;
  modelDescription.textContent = `Your export: ${files.map((f) => f.name).join(', ')}.`;
  await useModel(files[0]?.name ?? 'your model', 'own', files);
}

/** Loads a model (a bundled one's URL, or the user's files), replacing the current one. */
async function useModel(name: string, id: string, source: string | File[]): Promise<void> {
  const ticket = ++loading;
  stopMicrophone();
  setInputsEnabled(false);
  speakerRow.hidden = true;
  messages.clear();
  modelStatus.textContent = `Loading ${name}…`;
  delete document.body.dataset['ready'];
  delete document.body.dataset['failed'];
  const previous = classifier;
  classifier = null;
  previous?.dispose();
  try {
    const loaded = await loadClassifier(source, {
      backends: options.backends,
      wasmPaths: new URL('tfjs-wasm/', base).href,
      precision: options.precision,
      // The app plugs the fused WebGPU kernels in (libraries never import them), before the model warms up.
      onBackend: (backend) => {
        if (backend.name === 'webgpu') installSpectromixKernels();
      },
    });
    if (ticket !== loading) {
      loaded.dispose();
      return;
    }
    classifier = loaded;
    backendOut.textContent = loaded.backend.name;
    backendReason.textContent = loaded.backend.reason;
    document.body.dataset['backend'] = loaded.backend.name;
    precisionOut.textContent = loaded.precision.name;
    precisionReason.textContent = loaded.precision.reason;
    document.body.dataset['precision'] = loaded.precision.name;
    modelStatus.textContent =
      `${name} is ready: ${loaded.labels.length} classes (${loaded.labels.join(', ')}), ` +
      `${loaded.info.windowSeconds.toFixed(2)} s window, running on ${loaded.backend.name} in ${loaded.precision.name}.`;
    const f = loaded.info.features;
    // Models trained with per-speaker normalisation keep statistics of the voice heard so far: offer a reset.
    speakerRow.hidden = f.speakerNormalization === 'none' && f.speakerRate === 'none';
    document.body.dataset['ready'] = id;
    setInputsEnabled(true);
  } catch (error) {
    if (ticket !== loading) return;
    modelStatus.textContent = `${name} could not be loaded. Pick another model.`;
    messages.error(error, 'Loading the model');
    document.body.dataset['failed'] = id;
  }
}

async function classifyFile(file: File): Promise<void> {
  const current = classifier;
  if (current == null) {
    messages.error(new Error('No model is loaded yet; wait for the model to load, or pick another.'), 'Classifying');
    return;
  }
  messages.clear();
  modelStatus.textContent = `Classifying ${file.name}…`;
  try {
    const result = await current.classify(file);
    results.show(result, file.name);
    spectrogram.showMatrix(result.spectrogram);
    modelStatus.textContent = `Classified ${file.name}: ${result.top.label}.`;
  } catch (error) {
    modelStatus.textContent = `${file.name} could not be classified.`;
    messages.error(error, `Classifying ${file.name}`);
  }
}

async function startMicrophone(): Promise<void> {
  const current = classifier;
  if (current == null) return;
  messages.clear();
  micButton.disabled = true;
  try {
    const stream = await requestMicrophone();
    const listener = current.listen(stream, {
      hopSeconds: Number(hopSelect.value),
      onResult: (result) => results.show(result, 'microphone'),
      onError: (error) => messages.error(error, 'Live classification'),
    });
    spectrogram.clear();
    const stopSpectrogram = startLiveSpectrogram(listener.audioContext, stream, spectrogram);
    live = { listener, stream, stopSpectrogram };
    micButton.setAttribute('aria-pressed', 'true');
    micButton.textContent = 'Stop microphone';
    modelStatus.textContent = `Listening: classifying the last ${current.info.windowSeconds.toFixed(2)} s every ${hopSelect.value} s.`;
    await listener.ready;
  } catch (error) {
    stopMicrophone();
    messages.error(error, 'Starting the microphone');
  } finally {
    micButton.disabled = classifier == null;
  }
}

function stopMicrophone(): void {
  if (live == null) return;
  live.stopSpectrogram();
  live.listener.stop();
  for (const track of live.stream.getTracks()) track.stop();
  live = null;
  micButton.setAttribute('aria-pressed', 'false');
  micButton.textContent = 'Start microphone';
  if (classifier != null) modelStatus.textContent = 'Microphone stopped.';
}

async function main(): Promise<void> {
  try {
    models = await loadModelIndex(base);
  } catch (error) {
    modelStatus.textContent = 'No models available.';
    messages.error(error, 'Listing the bundled models');
    return;
  }
  modelSelect.replaceChildren(
    ...models.map((m) => {
      const option = document.createElement('option');
      option.value = m.id;
      option.textContent = m.name;
      return option;
    }),
  );
  const initial = models.find((m) => m.id === options.model) ?? models[0];
  if (initial != null) modelSelect.value = initial.id;
  modelSelect.disabled = false;
  modelSelect.addEventListener('change', () => void selectModel(modelSelect.value));
  modelFile.addEventListener('change', () => {
    const files = Array.from(modelFile.files ?? []);
    modelFile.value = '';
    void useOwnModel(files);
  });
  wireDropZone(dropZone, fileInput, (file) => void classifyFile(file));
  speakerReset.addEventListener('click', () => {
    classifier?.resetSpeaker();
    modelStatus.textContent = 'Speaker statistics cleared: the next clips start a new voice.';
  });
  micButton.addEventListener('click', () => {
    if (live != null) stopMicrophone();
    else void startMicrophone();
  });
  hopSelect.addEventListener('change', () => {
    if (live != null) {
      stopMicrophone();
      void startMicrophone();
    }
  });
  if (initial != null) await selectModel(initial.id);
}

void main();
