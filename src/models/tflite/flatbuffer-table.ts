import { ByteBuffer } from 'flatbuffers';

/**
 * A read-only view of one FlatBuffers table: fields are addressed by their id in the schema, which is
 * all a reader needs without generated code.
 */
export class FlatTable {
  constructor(
    private readonly bb: ByteBuffer,
    private readonly position: number,
  ) {}

  static root(bytes: Uint8Array): FlatTable {
    const bb = new ByteBuffer(bytes);
    return new FlatTable(bb, bb.readInt32(bb.position()) + bb.position());
  }

  private fieldOffset(id: number): number {
    return this.bb.__offset(this.position, 4 + 2 * id);
  }

  has(id: number): boolean {
    return this.fieldOffset(id) !== 0;
  }

  int32(id: number, fallback: number): number {
    const offset = this.fieldOffset(id);
    return offset ? this.bb.readInt32(this.position + offset) : fallback;
  }

  uint32(id: number, fallback: number): number {
    const offset = this.fieldOffset(id);
    return offset ? this.bb.readUint32(this.position + offset) : fallback;
  }

  int8(id: number, fallback: number): number {
    const offset = this.fieldOffset(id);
    return offset ? this.bb.readInt8(this.position + offset) : fallback;
  }

  uint8(id: number, fallback: number): number {
    const offset = this.fieldOffset(id);
    return offset ? this.bb.readUint8(this.position + offset) : fallback;
  }

  bool(id: number, fallback: boolean): boolean {
    const offset = this.fieldOffset(id);
    return offset ? this.bb.readUint8(this.position + offset) !== 0 : fallback;
  }

  string(id: number): string | undefined {
    const offset = this.fieldOffset(id);
    return offset ? (this.bb.__string(this.position + offset) as string) : undefined;
  }

  table(id: number): FlatTable | undefined {
    const offset = this.fieldOffset(id);
    return offset ? new FlatTable(this.bb, this.bb.__indirect(this.position + offset)) : undefined;
  }

  tables(id: number): FlatTable[] {
    const offset = this.fieldOffset(id);
    if (!offset) return [];
    const start = this.bb.__vector(this.position + offset);
    const length = this.bb.__vector_len(this.position + offset);
    const result: FlatTable[] = [];
    for (let i = 0; i < length; i++) result.push(new FlatTable(this.bb, this.bb.__indirect(start + 4 * i)));
    return result;
  }

  int32s(id: number): number[] {
    const offset = this.fieldOffset(id);
    if (!offset) return [];
    const start = this.bb.__vector(this.position + offset);
    const length = this.bb.__vector_len(this.position + offset);
    const result: number[] = [];
    for (let i = 0; i < length; i++) result.push(this.bb.readInt32(start + 4 * i));
    return result;
  }

  /** A `[ubyte]` vector as a view into the underlying buffer (no copy). */
  bytes(id: number): Uint8Array | undefined {
    const offset = this.fieldOffset(id);
    if (!offset) return undefined;
    const start = this.bb.__vector(this.position + offset);
    const length = this.bb.__vector_len(this.position + offset);
    return this.bb.bytes().subarray(start, start + length);
  }
}
