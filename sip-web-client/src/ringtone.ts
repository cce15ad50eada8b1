// Ring tone made with Web Audio, so no sound file has to be served. The AudioContext is created on the
// sign-in click: browsers only let a page start audio after a user gesture.

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

  constructor(
    private readonly context: AudioContext,
    private readonly options: RingtoneOptions = defaultRingtone,
  ) {}

  start(): void {
    if (this.timer !== undefined) return;
    void this.context.resume();
    const gain = this.context.createGain();
    gain.gain.value = 0;
    gain.connect(this.context.destination);
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
      gain.gain.setValueAtTime(0.1, now);
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
