/** The DOS date/time of every entry of the zip, set to `at`: JSZip stamps them with "now". */
export function stampZip(buffer: Buffer, at: Date): Buffer {
  const out = Buffer.from(buffer);
  const time = (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2);
  const date =
    ((Math.max(1980, at.getUTCFullYear()) - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate();
  let eocd = -1;
  for (let i = out.length - 22; i >= 0; i--) {
    if (out.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return out;
  const entries = out.readUInt16LE(eocd + 10);
  let at_ = out.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries && out.readUInt32LE(at_) === 0x02014b50; n++) {
    out.writeUInt16LE(time, at_ + 12);
    out.writeUInt16LE(date, at_ + 14);
    const local = out.readUInt32LE(at_ + 42);
    if (out.readUInt32LE(local) === 0x04034b50) {
      out.writeUInt16LE(time, local + 10);
      out.writeUInt16LE(date, local + 12);
    }
    at_ += 46 + out.readUInt16LE(at_ + 28) + out.readUInt16LE(at_ + 30) + out.readUInt16LE(at_ + 32);
  }
  return out;
}
