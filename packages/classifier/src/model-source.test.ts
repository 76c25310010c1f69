import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { readModelSource } from './model-source.js';
import { InputTooLargeError, InvalidModelError, ModelLoadError } from './errors.js';

const weights = new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0, 123, 125]);
const config = { model: { numClasses: 2 }, features: {}, labels: ['a', 'b'] };
const configNoLabels = { model: { numClasses: 2 }, features: {} };
const files: Record<string, { body: string | Uint8Array; status?: number }> = {
  '/full/config.json': { body: JSON.stringify(config) },
  '/full/model.safetensors': { body: weights },
  '/split/config.json': { body: JSON.stringify(configNoLabels) },
  '/split/model.safetensors': { body: weights },
  '/split/labels.json': { body: JSON.stringify(['x', 'y']) },
  '/broken/config.json': { body: '{ not json' },
  '/noweights/config.json': { body: JSON.stringify(config) },
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
  it('reads an export folder (URL ending in /) whose config holds the labels', async () => {
    const parts = await readModelSource(`${origin}/full/`, limits);
    expect(parts.config).toEqual(config);
    expect(Array.from(parts.weights)).toEqual(Array.from(weights));
    expect(parts.labels).toBeUndefined();
  });

  it('reads labels.json when the config has no labels, and accepts the URL of config.json', async () => {
    const parts = await readModelSource(new URL(`${origin}/split/config.json`), limits);
    expect(parts.labels).toEqual(['x', 'y']);
  });

  it('turns HTTP errors into ModelLoadError naming the file and status', async () => {
    const error = await readModelSource(`${origin}/noweights/`, limits).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toMatch(/model\.safetensors from .*\/noweights\/model\.safetensors failed with HTTP 404/);
    await expect(readModelSource(`${origin}/missing/`, limits)).rejects.toThrow(/config\.json .* HTTP 404/);
  });

  it('turns network failures into ModelLoadError', async () => {
    await expect(readModelSource('http://127.0.0.1:1/m/', limits)).rejects.toThrow(ModelLoadError);
  });

  it('rejects a config that is not JSON with InvalidModelError', async () => {
    await expect(readModelSource(`${origin}/broken/`, limits)).rejects.toThrow(InvalidModelError);
  });

  it('enforces maxModelBytes on downloads', async () => {
    await expect(readModelSource(`${origin}/full/`, { maxModelBytes: 4 })).rejects.toThrow(InputTooLargeError);
  });

  it('rejects a relative URL outside a page', async () => {
    await expect(readModelSource('models/x/', limits)).rejects.toThrow(/not a URL/);
  });
});

describe('readModelSource from files and parts', () => {
  it('reads the export files picked together, by name', async () => {
    const picked = [
      new File([JSON.stringify(configNoLabels)], 'config.json'),
      new File([weights], 'model.safetensors'),
      new File([JSON.stringify(['p', 'q'])], 'labels.json'),
    ];
    const parts = await readModelSource(picked, limits);
    expect(parts.config).toEqual(configNoLabels);
    expect(parts.labels).toEqual(['p', 'q']);
    expect(Array.from(parts.weights)).toEqual(Array.from(weights));
  });

  it('says which files are needed when the picked files are not an export', async () => {
    await expect(readModelSource([new File(['x'], 'notes.txt')], limits)).rejects.toThrow(/notes\.txt.*pick config\.json and model\.safetensors/);
  });

  it('takes parts as bytes, JSON text, objects and Blobs', async () => {
    const parts = await readModelSource({ weights: weights.buffer.slice(0), config: JSON.stringify(configNoLabels), labels: new Blob(['["u","v"]']) }, limits);
    expect(parts.config).toEqual(configNoLabels);
    expect(parts.labels).toEqual(['u', 'v']);
    const objects = await readModelSource({ weights: new Blob([weights]), config }, limits);
    expect(objects.config).toBe(config);
  });

  it('enforces maxModelBytes on given weights', async () => {
    await expect(readModelSource({ weights: new Uint8Array(2048), config }, limits)).rejects.toThrow(/above the limit of 1\.0 KiB/);
  });

  it('rejects anything else with InvalidModelError', async () => {
    await expect(readModelSource(42 as unknown as string, limits)).rejects.toThrow(InvalidModelError);
  });
});
