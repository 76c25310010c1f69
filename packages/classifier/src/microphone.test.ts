import { afterEach, describe, expect, it } from 'vitest';
import { requestMicrophone } from './microphone.js';
import { ClassifierError, MicrophoneError, MicrophonePermissionError } from './errors.js';

const original = Object.getOwnPropertyDescriptor(globalThis, 'navigator');

function stubGetUserMedia(impl: ((c: MediaStreamConstraints) => Promise<MediaStream>) | undefined): void {
  const navigatorStub = impl == null ? {} : { mediaDevices: { getUserMedia: impl } };
  Object.defineProperty(globalThis, 'navigator', { value: navigatorStub, configurable: true, writable: true });
}

afterEach(() => {
  if (original) Object.defineProperty(globalThis, 'navigator', original);
});

describe('requestMicrophone', () => {
  it('asks for raw mono audio and returns the stream', async () => {
    let asked: MediaStreamConstraints | undefined;
    const stream = { id: 'fake' } as unknown as MediaStream;
    stubGetUserMedia(async (c) => {
      asked = c;
      return stream;
    });
    await expect(requestMicrophone({ deviceId: 'x' })).resolves.toBe(stream);
    expect(asked).toEqual({
      audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false, deviceId: 'x' },
      video: false,
    });
  });

  it('turns a denied permission into MicrophonePermissionError', async () => {
    stubGetUserMedia(async () => {
      throw new DOMException('Permission denied', 'NotAllowedError');
    });
    const error = await requestMicrophone().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MicrophonePermissionError);
    expect(error).toBeInstanceOf(ClassifierError);
    expect((error as Error).message).toMatch(/denied.*Allow the microphone/);
    expect((error as Error).cause).toBeInstanceOf(DOMException);
  });

  it('turns a missing device into MicrophoneError (not a permission error)', async () => {
    stubGetUserMedia(async () => {
      throw new DOMException('Requested device not found', 'NotFoundError');
    });
    const error = await requestMicrophone().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MicrophoneError);
    expect(error).not.toBeInstanceOf(MicrophonePermissionError);
    expect((error as Error).message).toMatch(/No microphone was found/);
  });

  it('explains the secure-context requirement when mediaDevices is missing', async () => {
    stubGetUserMedia(undefined);
    await expect(requestMicrophone()).rejects.toThrow(/secure/);
  });
});
