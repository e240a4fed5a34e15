/**
 * Progress of an import on stderr: one line rewritten in place on a terminal, plain lines
 * otherwise (CI logs, a file), so a long import shows it is moving.
 */
export interface ProgressState {
  readonly rowsRead: number;
  readonly dealsSent: number;
  readonly dealsTotal: number;
  readonly rejected: number;
}

export interface ImportProgress {
  update(state: ProgressState): void;
  /** Ends the in-place line before other output. */
  done(): void;
}

export function progressLine({ rowsRead, dealsSent, dealsTotal, rejected }: ProgressState): string {
  return `rows read ${rowsRead} · deals sent ${dealsSent}/${dealsTotal} · rejected so far ${rejected}`;
}

export function streamProgress(stream: NodeJS.WriteStream): ImportProgress {
  let open = false;
  return {
    update: (state) => {
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${progressLine(state)}`);
        open = true;
      } else {
        stream.write(`${progressLine(state)}\n`);
      }
    },
    done: () => {
      if (open) stream.write('\n');
      open = false;
    },
  };
}

export const silentProgress: ImportProgress = { update: () => undefined, done: () => undefined };
