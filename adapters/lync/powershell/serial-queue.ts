// Runs async tasks strictly one after another. The Management Shell session executes one
// pipeline at a time, and Lync 2013 moves are sequential per pipeline anyway.
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // A failed task must not block the ones queued after it.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
