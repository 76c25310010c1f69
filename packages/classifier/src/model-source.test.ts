import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { readModelSource } from './model-source.js';
import { InputTooLargeError, InvalidModelError, ModelLoadError } from './errors.js';

const weights = new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0, 123, 125]);
const manifest = { format: 'spectromix-model', version: 2, labels: ['a', 'b'] };
const files: Record<string, { body: string | Uint8Array }> = {
  '/folder/model.safetensors': { body: weights },
  '/folder/spectromix.json': { body: JSON.stringify(manifest) },
  '/single.safetensors': { body: weights },
  '/broken/spectromix.json': { body: '{ not json' },
  '/broken/model.safetensors': { body: weights },
  '/noweights/spectromix.json': { body: JSON.stringify(manifest) },
};

let server: Server;
let origin: string;
const limits = { maxModelBytes: 1024 };

beforeAll(async () => {
  server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (file == null) {
      res.writeHead(404, 'Not Found').end();
      return;
    }
    res.writeHead(200).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address == null || typeof address === 'string') throw new Error('no address');
  origin = `http://127.0.0.1:${address.port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('readModelSource from URLs', () => {
  it('reads the weights of an export folder (URL ending in /); the manifest comes from their metadata later', async () => {
    const parts = await readModelSource(`${origin}/folder/`, limits);
    expect(Array.from(parts.weights)).toEqual(Array.from(weights));
    expect(parts.manifest).toBeUndefined();
  });

  it('reads spectromix.json and the weights beside it when given the manifest URL', async () => {
    const parts = await readModelSource(new URL(`${origin}/folder/spectromix.json`), limits);
    expect(parts.manifest).toEqual(manifest);
    expect(Array.from(parts.weights)).toEqual(Array.from(weights));
  });

  it('reads a single-file export URL', async () => {
    const parts = await readModelSource(`${origin}/single.safetensors`, limits);
    expect(Array.from(parts.weights)).toEqual(Array.from(weights));
  });

  it('turns HTTP errors into ModelLoadError naming the file and status', async () => {
    const error = await readModelSource(`${origin}/noweights/spectromix.json`, limits).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toMatch(/model\.safetensors from .*\/noweights\/model\.safetensors failed with HTTP 404/);
    await expect(readModelSource(`${origin}/missing/`, limits)).rejects.toThrow(/HTTP 404/);
  });

  it('turns network failures into ModelLoadError', async () => {
    await expect(readModelSource('http://127.0.0.1:1/m/', limits)).rejects.toThrow(ModelLoadError);
  });

  it('rejects a manifest that is not JSON with InvalidModelError', async () => {
    await expect(readModelSource(`${origin}/broken/spectromix.json`, limits)).rejects.toThrow(InvalidModelError);
  });

  it('enforces maxModelBytes on downloads', async () => {
    await expect(readModelSource(`${origin}/folder/`, { maxModelBytes: 4 })).rejects.toThrow(InputTooLargeError);
  });

  it('rejects a relative URL outside a page', async () => {
    await expect(readModelSource('models/x/', limits)).rejects.toThrow(/not a URL/);
  });
});

describe('readModelSource from bytes, files and parts', () => {
  it('takes a single-file export as bytes, ArrayBuffer, Blob or File', async () => {
    for (const source of [weights, weights.slice().buffer, new Blob([weights.slice()]), new File([weights.slice()], 'digits.safetensors')]) {
      const parts = await readModelSource(source, limits);
      expect(Array.from(parts.weights)).toEqual(Array.from(weights));
    }
  });

  it('reads the export files picked together, by name', async () => {
    const picked = [new File([JSON.stringify(manifest)], 'spectromix.json'), new File([weights.slice()], 'model.safetensors')];
    const parts = await readModelSource(picked, limits);
    expect(parts.manifest).toEqual(manifest);
    expect(Array.from(parts.weights)).toEqual(Array.from(weights));
  });

  it('says which files are needed when the picked files are not an export', async () => {
    await expect(readModelSource([new File(['x'], 'notes.txt')], limits)).rejects.toThrow(/notes\.txt.*pick its model\.safetensors/);
  });

  it('takes parts with the manifest as JSON text, bytes, an object or a Blob', async () => {
    for (const m of [JSON.stringify(manifest), new TextEncoder().encode(JSON.stringify(manifest)), manifest, new Blob([JSON.stringify(manifest)])]) {
      const parts = await readModelSource({ weights, manifest: m }, limits);
      expect(parts.manifest).toEqual(manifest);
    }
  });

  it('enforces maxModelBytes on given weights', async () => {
    await expect(readModelSource({ weights: new Uint8Array(2048) }, limits)).rejects.toThrow(/above the limit of 1\.0 KiB/);
    await expect(readModelSource(new Blob([new Uint8Array(2048)]), limits)).rejects.toThrow(InputTooLargeError);
  });

  it('rejects anything else with InvalidModelError', async () => {
    await expect(readModelSource(42 as unknown as string, limits)).rejects.toThrow(InvalidModelError);
  });
});
