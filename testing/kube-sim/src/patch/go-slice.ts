/**
 * A Go slice header over a shared array. strategicpatch edits the live object's lists in place
 * (`append(s[:k], s[k+1:]...)`, then `append(s, v)` into the room that freed), and a caller
 * still holding the old header sees those writes: `$setElementOrder` orders by that view. The
 * live lists start with cap == len, as the deep copy the PATCH handler works on makes them.
 */
export class GoSlice {
  private constructor(
    public array: unknown[],
    public len: number,
    private cap: number,
  ) {}

  static of(items: readonly unknown[]): GoSlice {
    const array = [...items];
    return new GoSlice(array, array.length, array.length);
  }

  items(): unknown[] {
    return this.array.slice(0, this.len);
  }

  /** `s = append(s[:k], s[k+1:]...)`: the tail shifts left, the last slot keeps its value. */
  removeAt(k: number): void {
    this.array.copyWithin(k, k + 1, this.len);
    this.len--;
  }

  /** `s = append(s, v)`: in place while it fits, else into a new array the old header never sees. */
  append(v: unknown): void {
    if (this.len < this.cap) {
      this.array[this.len++] = v;
      return;
    }
    this.array = [...this.items(), v];
    this.len = this.array.length;
    this.cap = this.len * 2;
  }
}
