import type { Checksum } from './checksum.js';

/** One archive of a dataset source. */
export interface SourceArchive {
  /** Official download URL. */
  url: string;
  /** File name in the download cache. */
  fileName: string;
  /** Size in bytes, where a primary source publishes it (verified). */
  size?: number;
  /** Published digest (verified). Absent where none is published: then only the structure is verified. */
  checksum?: Checksum;
  /** Where the size and checksum come from, or why there is none. */
  provenance: string;
}

/** Where a dataset comes from and how to check what arrived. */
export interface DatasetSource {
  /** Human title. */
  title: string;
  /** Homepage with the licence and citation. */
  homepage: string;
  /** Licence of the data. */
  license: string;
  /** Rough download size, for humans. */
  approximateSize: string;
  /** Archives, extracted in order into the same folder. */
  archives: SourceArchive[];
  /** Folder (relative to the extraction folder) the loader takes as root; `''` for the extraction folder. */
  root: string;
  /** Paths (relative to the extraction folder) that must exist after extraction: the structure check. */
  expect: string[];
}

/**
 * Official sources of the supported datasets. Checksums are the ones the publishers (Zenodo md5) or the
 * reference loaders (TFDS, torchaudio) publish; GitHub branch and tag archives have none and are checked by
 * structure only.
 */
export const DATASET_SOURCES = {
  'speech-commands-v0.01': {
    title: 'Speech Commands v0.01 (Warden 2018), 64,727 one-second clips of 30 words',
    homepage: 'https://arxiv.org/abs/1804.03209',
    license: 'CC BY 4.0',
    approximateSize: '1.4 GB',
    archives: [
      {
        url: 'http://download.tensorflow.org/data/speech_commands_v0.01.tar.gz',
        fileName: 'speech_commands_v0.01.tar.gz',
        checksum: { algorithm: 'sha256', value: '743935421bb51cccdb6bdd152e04c5c70274e935c82119ad7faeec31780d811d' },
        provenance: 'sha256 from torchaudio 0.13 (datasets/speechcommands.py _CHECKSUMS); size not published',
      },
    ],
    root: '',
    expect: ['validation_list.txt', 'testing_list.txt', 'yes', '_background_noise_'],
  },
  'speech-commands-v2': {
    title: 'Speech Commands v0.02 (Warden 2018), 105,829 one-second clips of 35 words',
    homepage: 'https://arxiv.org/abs/1804.03209',
    license: 'CC BY 4.0',
    approximateSize: '2.3 GB',
    archives: [
      {
        url: 'http://download.tensorflow.org/data/speech_commands_v0.02.tar.gz',
        fileName: 'speech_commands_v0.02.tar.gz',
        size: 2428923189,
        checksum: { algorithm: 'sha256', value: 'af14739ee7dc311471de98f5f9d2c9191b18aedfe957f4a6ff791c709868ff58' },
        provenance: 'size and sha256 from TFDS url_checksums/speech_commands.txt (same sha256 in torchaudio 0.13)',
      },
    ],
    root: '',
    expect: ['validation_list.txt', 'testing_list.txt', 'yes', 'backward', '_background_noise_'],
  },
  urbansound8k: {
    title: 'UrbanSound8K (Salamon, Jacoby & Bello 2014), 8,732 clips in 10 official folds',
    homepage: 'https://urbansounddataset.weebly.com/urbansound8k.html',
    license: 'CC BY-NC 3.0',
    approximateSize: '6 GB',
    archives: [
      {
        url: 'https://zenodo.org/record/1203745/files/UrbanSound8K.tar.gz',
        fileName: 'UrbanSound8K.tar.gz',
        checksum: { algorithm: 'md5', value: '9aa69802bbf37fb986f71ec1483a196e' },
        provenance: 'md5 of Zenodo record 1203745, as listed by soundata (datasets/urbansound8k.py); size not verified offline',
      },
    ],
    root: 'UrbanSound8K',
    expect: ['UrbanSound8K/metadata/UrbanSound8K.csv', 'UrbanSound8K/audio/fold1', 'UrbanSound8K/audio/fold10'],
  },
  esc50: {
    title: 'ESC-50 (Piczak 2015), 2,000 five-second clips in 5 official folds',
    homepage: 'https://github.com/karolpiczak/ESC-50',
    license: 'CC BY-NC 3.0',
    approximateSize: '600 MB',
    archives: [
      {
        url: 'https://github.com/karolpiczak/ESC-50/archive/master.zip',
        fileName: 'ESC-50-master.zip',
        provenance: 'GitHub branch archive: no published checksum and not byte-stable, so only the structure is verified',
      },
    ],
    root: 'ESC-50-master',
    expect: ['ESC-50-master/meta/esc50.csv', 'ESC-50-master/audio'],
  },
  fsdd: {
    title: 'Free Spoken Digit Dataset v1.0.10, 3,000 recordings of 6 speakers',
    homepage: 'https://github.com/Jakobovski/free-spoken-digit-dataset',
    license: 'CC BY-SA 4.0',
    approximateSize: '16 MB',
    archives: [
      {
        url: 'https://github.com/Jakobovski/free-spoken-digit-dataset/archive/refs/tags/v1.0.10.tar.gz',
        fileName: 'free-spoken-digit-dataset-1.0.10.tar.gz',
        provenance: 'GitHub tag archive: no published checksum and not guaranteed byte-stable, so only the structure is verified',
      },
    ],
    root: 'free-spoken-digit-dataset-1.0.10',
    expect: ['free-spoken-digit-dataset-1.0.10/recordings'],
  },
  'ravdess-speech': {
    title: 'RAVDESS audio-only speech (Livingstone & Russo 2018), 1,440 clips of 24 actors',
    homepage: 'https://zenodo.org/record/1188976',
    license: 'CC BY-NC-SA 4.0',
    approximateSize: '215 MB',
    archives: [
      {
        url: 'https://zenodo.org/record/1188976/files/Audio_Speech_Actors_01-24.zip',
        fileName: 'Audio_Speech_Actors_01-24.zip',
        checksum: { algorithm: 'md5', value: 'bc696df654c87fed845eb13823edef8a' },
        provenance: 'md5 of Zenodo record 1188976 (as quoted by two independent download scripts); size not verified offline',
      },
    ],
    root: '',
    expect: ['Actor_01', 'Actor_24'],
  },
  'ravdess-song': {
    title: 'RAVDESS audio-only song (Livingstone & Russo 2018), 1,012 clips of 23 actors',
    homepage: 'https://zenodo.org/record/1188976',
    license: 'CC BY-NC-SA 4.0',
    approximateSize: '198 MB',
    archives: [
      {
        url: 'https://zenodo.org/record/1188976/files/Audio_Song_Actors_01-24.zip',
        fileName: 'Audio_Song_Actors_01-24.zip',
        checksum: { algorithm: 'md5', value: '5411230427d67a21e18aa4d466e6d1b9' },
        provenance: 'md5 of Zenodo record 1188976 (as quoted by a download script); size not verified offline',
      },
    ],
    root: '',
    expect: ['Actor_01', 'Actor_24'],
  },
} satisfies Record<string, DatasetSource>;

/** Names of the datasets {@link downloadDataset} knows. */
export type DatasetSourceName = keyof typeof DATASET_SOURCES;
