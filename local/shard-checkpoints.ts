import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface ShardCheckpoint {
  /** The last sequence number handled (invoked successfully, filtered out or discarded). */
  readonly sequenceNumber?: string;
  /** A closed shard read to its end: never read again, and its children may start. */
  readonly finished?: boolean;
}

interface CheckpointFile {
  readonly streamArn: string;
  readonly shards: Record<string, ShardCheckpoint>;
}

/**
 * Where the stream poller has got to in each shard: in memory, and in a JSON file when one
 * is given, so that restarting `npm start` does not replay the whole stream. The file names
 * its stream: a table recreated (new stream ARN) starts from the beginning.
 */
export class ShardCheckpoints {
  private readonly shards = new Map<string, ShardCheckpoint>();
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly streamArn: string,
    private readonly filePath?: string,
  ) {}

  async load(): Promise<void> {
    if (!this.filePath) return;
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const saved = JSON.parse(text) as CheckpointFile;
    if (saved.streamArn !== this.streamArn) return;
    for (const [shardId, checkpoint] of Object.entries(saved.shards)) this.shards.set(shardId, checkpoint);
  }

  get(shardId: string): ShardCheckpoint | undefined {
    return this.shards.get(shardId);
  }

  set(shardId: string, checkpoint: ShardCheckpoint): Promise<void> {
    this.shards.set(shardId, checkpoint);
    const { filePath } = this;
    if (!filePath) return Promise.resolve();
    // Writes are chained so an older snapshot never lands after a newer one; each write
    // goes to a temporary file renamed into place, so a crash never leaves half a file.
    const snapshot: CheckpointFile = { streamArn: this.streamArn, shards: Object.fromEntries(this.shards) };
    this.writing = this.writing.then(async () => {
      await mkdir(path.dirname(filePath), { recursive: true });
      const temporary = `${filePath}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify(snapshot, null, 2)}\n`);
      await rename(temporary, filePath);
    });
    return this.writing;
  }

  flush(): Promise<void> {
    return this.writing;
  }
}
