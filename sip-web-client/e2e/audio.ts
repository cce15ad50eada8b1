// What a caller heard: the PCMU RTP packets of a tcpdump capture (`tcpdump -i lo -w`), decoded, and their loudness.
import { readFileSync } from 'node:fs';

/** G.711 mu-law to a 16-bit sample (ITU-T G.711, the usual bias-33 decoder). */
function ulawToLinear(byte: number): number {
  const b = ~byte & 0xff;
  const magnitude = (((b & 0x0f) << 3) + 0x84) << ((b & 0x70) >> 4);
  return b & 0x80 ? 0x84 - magnitude : magnitude - 0x84;
}

/** The decoded samples of every PCMU (payload type 0) RTP packet in the capture, in arrival order. */
export function pcmuSamples(pcapFile: string): Int16Array {
  const data = readFileSync(pcapFile);
  const little = data.readUInt32LE(0) === 0xa1b2c3d4 || data.readUInt32LE(0) === 0xa1b23c4d;
  const u32 = (offset: number) => (little ? data.readUInt32LE(offset) : data.readUInt32BE(offset));
  const linkHeader = ({ 1: 14, 0: 4, 113: 16 } as Record<number, number>)[u32(20)];
  if (linkHeader === undefined) throw new Error(`unexpected link type ${u32(20)} in ${pcapFile}`);
  const samples: number[] = [];
  for (let offset = 24; offset + 16 <= data.length; ) {
    const length = u32(offset + 8);
    const packet = data.subarray(offset + 16, offset + 16 + length);
    offset += 16 + length;
    const ip = packet.subarray(linkHeader);
    if (ip.length < 20 || ip[0]! >> 4 !== 4 || ip[9] !== 17) continue;
    const rtp = ip.subarray((ip[0]! & 0x0f) * 4 + 8);
    if (rtp.length < 12 || rtp[0]! >> 6 !== 2 || (rtp[1]! & 0x7f) !== 0) continue;
    let header = 12 + 4 * (rtp[0]! & 0x0f);
    if (rtp[0]! & 0x10) header += 4 + 4 * rtp.readUInt16BE(header + 2);
    for (const byte of rtp.subarray(header)) samples.push(ulawToLinear(byte));
  }
  return Int16Array.from(samples);
}

/** Root mean square of the samples (16-bit full scale is 32767); 0 for none. */
export function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length);
}
