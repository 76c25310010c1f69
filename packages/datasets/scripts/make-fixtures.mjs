// Writes the UrbanSound8K and ESC-50 layout fixtures under fixtures/: the publishers' folder layout and CSV
// columns, exactly, with tiny 16 kHz 16-bit mono WAVs (0.1 s sine tones) instead of the real clips.
// Run: node scripts/make-fixtures.mjs   (deterministic; rerunning gives identical files)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'fixtures');

function wav(freq, seconds = 0.1, rate = 16000) {
  const n = Math.round(seconds * rate);
  const b = Buffer.alloc(44 + n * 2);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(36 + n * 2, 4);
  b.write('WAVEfmt ', 8, 'latin1');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'latin1');
  b.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) b.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * freq * i) / rate)), 44 + i * 2);
  return b;
}

// Times as the real CSV writes them: shortest decimal, at least one fractional digit (0.0, 58.5, 0.317551).
function seconds(t) {
  const s = String(Math.round(t * 1e6) / 1e6);
  return s.includes('.') ? s : `${s}.0`;
}

function put(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

// UrbanSound8K: metadata/UrbanSound8K.csv + audio/fold1..fold10. One clip per fold (classID = fold - 1), then
// a row whose file is missing (fold 2) and a row whose class name disagrees with its classID (fold 3).
const us = join(out, 'urbansound8k', 'UrbanSound8K');
rmSync(join(out, 'urbansound8k'), { recursive: true, force: true });
const usClasses = ['air_conditioner', 'car_horn', 'children_playing', 'dog_bark', 'drilling', 'engine_idling', 'gun_shot', 'jackhammer', 'siren', 'street_music'];
const usRows = ['slice_file_name,fsID,start,end,salience,fold,classID,class'];
for (let fold = 1; fold <= 10; fold++) {
  const classId = fold - 1;
  const fsId = 100000 + fold * 37;
  const name = `${fsId}-${classId}-0-${fold % 3}.wav`;
  usRows.push(`${name},${fsId},${seconds(fold * 0.5)},${seconds(fold * 0.5 + 3.917551)},${(fold % 2) + 1},${fold},${classId},${usClasses[classId]}`);
  put(join(us, 'audio', `fold${fold}`, name), wav(200 + 100 * classId));
}
usRows.push('199999-1-0-0.wav,199999,0.0,4.0,1,2,1,car_horn');
put(join(us, 'audio', 'fold3', '188888-4-0-0.wav'), wav(300));
usRows.push('188888-4-0-0.wav,188888,0.0,4.0,2,3,4,siren');
put(join(us, 'metadata', 'UrbanSound8K.csv'), usRows.join('\n') + '\n');

// ESC-50: meta/esc50.csv + audio/. Two clips per fold, then a missing file and a target/category mismatch.
const esc = join(out, 'esc50', 'ESC-50-master');
rmSync(join(out, 'esc50'), { recursive: true, force: true });
const escRows = ['filename,fold,target,category,esc10,src_file,take'];
const escPick = [[0, 'dog', 'True'], [14, 'chirping_birds', 'False'], [19, 'thunderstorm', 'False'], [30, 'door_wood_knock', 'False'], [41, 'chainsaw', 'True']];
for (let fold = 1; fold <= 5; fold++) {
  for (const [k, take] of [[0, 'A'], [1, 'B']]) {
    const [target, category, esc10] = escPick[(fold + k) % escPick.length];
    const src = 100000 + fold * 1000 + target;
    const name = `${fold}-${src}-${take}-${target}.wav`;
    escRows.push(`${name},${fold},${target},${category},${esc10},${src},${take}`);
    put(join(esc, 'audio', name), wav(300 + 20 * target));
  }
}
escRows.push('1-999999-A-0.wav,1,0,dog,True,999999,A');
put(join(esc, 'audio', '2-888888-A-1.wav'), wav(500));
escRows.push('2-888888-A-1.wav,2,1,dog,False,888888,A');
put(join(esc, 'meta', 'esc50.csv'), escRows.join('\n') + '\n');
console.log('fixtures written to', out);
