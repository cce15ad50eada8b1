// Ring tone made with Web Audio, so no sound file has to be served. It plays into `output`: the page routes that to an
// <audio> element whose output device the agent chooses (the ringer), apart from the caller's voice. Browsers only let
// a page start audio after a user gesture; the page resumes the context on the first one.

export interface RingtoneOptions {
  /** Two tones mixed, as on a North American phone line (440 Hz + 480 Hz). */
  frequencies: readonly number[];
  onMs: number;
  offMs: number;
}

export const defaultRingtone: RingtoneOptions = { frequencies: [440, 480], onMs: 2000, offMs: 4000 };

export class Ringtone {
  private oscillators: OscillatorNode[] = [];
  private gain: GainNode | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  /** 0 to 1, applied from the next ring on. */
  volume = 1;

  constructor(
    private readonly context: AudioContext,
    private readonly output: AudioNode,
    private readonly options: RingtoneOptions = defaultRingtone,
  ) {}

  start(): void {
    if (this.timer !== undefined) return;
    void this.context.resume();
    const gain = this.context.createGain();
    gain.gain.value = 0;
    gain.connect(this.output);
    this.oscillators = this.options.frequencies.map((frequency) => {
      const oscillator = this.context.createOscillator();
      oscillator.frequency.value = frequency;
      oscillator.connect(gain);
      oscillator.start();
      return oscillator;
    });
    this.gain = gain;
    const cycle = () => {
      const now = this.context.currentTime;
      gain.gain.setValueAtTime(0.2 * this.volume, now);
      gain.gain.setValueAtTime(0, now + this.options.onMs / 1000);
    };
    cycle();
    this.timer = setInterval(cycle, this.options.onMs + this.options.offMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const oscillator of this.oscillators) oscillator.stop();
    this.oscillators = [];
    this.gain?.disconnect();
    this.gain = undefined;
  }
}
