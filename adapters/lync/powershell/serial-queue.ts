// Runs async tasks strictly one after another. The Management Shell session executes one
// pipeline at a time, and Lync 2013 moves are sequential per pipeline anyway. Two lanes share
// the one session: job work (moves and the reads a move needs) goes first, so a crowd of status
// turns cannot starve a running job; a status read still gets its turn after every few job tasks.

export type Lane = 'job' | 'status';

/** Job tasks run in a row before a waiting status read is let through. */
export const JOB_TASKS_PER_STATUS_TASK = 4;

interface Task {
  run: () => Promise<void>;
}

export class SerialQueue {
  private readonly lanes: Record<Lane, Task[]> = { job: [], status: [] };
  private running = false;
  private jobsInARow = 0;

  run<T>(task: () => Promise<T>, lane: Lane = 'status'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.lanes[lane].push({ run: () => task().then(resolve, reject) });
      this.pump();
    });
  }

  /** Tasks waiting (not the one running), per lane. */
  get waiting(): Record<Lane, number> {
    return { job: this.lanes.job.length, status: this.lanes.status.length };
  }

  private next(): Task | undefined {
    const { job, status } = this.lanes;
    if (job.length && (!status.length || this.jobsInARow < JOB_TASKS_PER_STATUS_TASK)) {
      this.jobsInARow++;
      return job.shift();
    }
    this.jobsInARow = 0;
    return status.shift() ?? job.shift();
  }

  private pump(): void {
    if (this.running) return;
    const task = this.next();
    if (!task) return;
    this.running = true;
    // A failed task must not block the ones queued after it.
    void task
      .run()
      .catch(() => undefined)
      .finally(() => {
        this.running = false;
        this.pump();
      });
  }
}
