import { crc32 } from 'node:zlib';

export interface ZipEntry {
  readonly name: string;
  readonly data: Uint8Array;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const VERSION_NEEDED = 10;
/** Every entry is dated 1 January 1980, the first day MS-DOS dates can say, so the same models make the same bytes. */
const DOS_DATE_1980_01_01 = (1 << 5) | 1;
const LOCAL_HEADER_SIZE = 30;
const CENTRAL_HEADER_SIZE = 46;
const END_SIZE = 22;
/** Each file's data starts at a multiple of this, padded by the local header's extra field (as zipalign does), so a model read in place is aligned. */
const DATA_ALIGNMENT = 16;

/**
 * A zip archive of the entries, stored without compression: the `.task` bundle format of MediaPipe Tasks,
 * which reads its models straight out of the archive.
 */
export function storedZip(entries: readonly ZipEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let position = 0;
  for (const entry of entries) {
    const name = new TextEncoder().encode(entry.name);
    const unpadded = position + LOCAL_HEADER_SIZE + name.length;
    const extra = (DATA_ALIGNMENT - (unpadded % DATA_ALIGNMENT)) % DATA_ALIGNMENT;
    const checksum = crc32(entry.data);
    const local = new DataView(new ArrayBuffer(LOCAL_HEADER_SIZE));
    local.setUint32(0, LOCAL_HEADER, true);
    writeSharedFields(local, 4, { checksum, size: entry.data.length, nameLength: name.length, extraLength: extra });
    parts.push(new Uint8Array(local.buffer), name, new Uint8Array(extra), entry.data);

    const header = new DataView(new ArrayBuffer(CENTRAL_HEADER_SIZE));
    header.setUint32(0, CENTRAL_HEADER, true);
    header.setUint16(4, VERSION_NEEDED, true); // version made by
    writeSharedFields(header, 6, { checksum, size: entry.data.length, nameLength: name.length, extraLength: 0 });
    header.setUint32(42, position, true);
    central.push(new Uint8Array(header.buffer), name);
    position = unpadded + extra + entry.data.length;
  }
  const centralSize = central.reduce((sum, part) => sum + part.length, 0);
  const end = new DataView(new ArrayBuffer(END_SIZE));
  end.setUint32(0, END_OF_CENTRAL_DIRECTORY, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, position, true);
  return Buffer.concat([...parts, ...central, new Uint8Array(end.buffer)]);
}

/**
 * The fields a local and a central header share, in the same order from `at`: version needed, flags, method
 * (0, stored), time, date, CRC-32, compressed and uncompressed size (equal when stored), name and extra lengths.
 */
function writeSharedFields(view: DataView, at: number, fields: { checksum: number; size: number; nameLength: number; extraLength: number }): void {
  view.setUint16(at, VERSION_NEEDED, true);
  view.setUint16(at + 8, DOS_DATE_1980_01_01, true);
  view.setUint32(at + 10, fields.checksum, true);
  view.setUint32(at + 14, fields.size, true);
  view.setUint32(at + 18, fields.size, true);
  view.setUint16(at + 22, fields.nameLength, true);
  view.setUint16(at + 24, fields.extraLength, true);
}
