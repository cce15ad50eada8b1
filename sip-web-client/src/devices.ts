// "Audio devices and volume": the microphone for the next call, the speaker for the caller's voice and the ringer
// device (setSinkId), the two volumes; remembered in this browser.
import { notice } from './feedback';
import type { Ringtone } from './ringtone';
import { readJson, store } from './store';
import { ui } from './ui';

interface Devices {
  microphone?: string;
  speaker?: string;
  ringer?: string;
  callVolume: number;
  ringerVolume: number;
}

function savedDevices(): Devices {
  const saved = readJson(localStorage, store.devices) as Partial<Devices> | null;
  const volume = (v: unknown) => (typeof v === 'number' ? Math.min(1, Math.max(0, v)) : 1);
  return {
    microphone: typeof saved?.microphone === 'string' ? saved.microphone : undefined,
    speaker: typeof saved?.speaker === 'string' ? saved.speaker : undefined,
    ringer: typeof saved?.ringer === 'string' ? saved.ringer : undefined,
    callVolume: volume(saved?.callVolume),
    ringerVolume: volume(saved?.ringerVolume),
  };
}

export class DeviceSettings {
  private readonly devices = savedDevices();

  constructor(private readonly ringtone: Ringtone) {
    for (const input of [ui.microphone, ui.speaker, ui.ringer, ui.callVolume, ui.ringerVolume]) input.addEventListener('change', () => this.save());
    ui.callVolume.addEventListener('input', () => this.save());
    navigator.mediaDevices?.addEventListener('devicechange', () => void this.list());
  }

  /** The chosen microphone; undefined means the browser's default. */
  microphone(): string | undefined {
    return this.devices.microphone;
  }

  async list(): Promise<void> {
    const all = await navigator.mediaDevices.enumerateDevices().catch(() => [] as MediaDeviceInfo[]);
    const fill = (select: HTMLSelectElement, kind: MediaDeviceKind, chosen: string | undefined) => {
      const options = all.filter((d) => d.kind === kind && d.deviceId !== '' && d.deviceId !== 'default');
      const first = document.createElement('option');
      first.value = '';
      first.textContent = 'Browser default';
      select.replaceChildren(
        first,
        ...options.map((d, i) => {
          const option = document.createElement('option');
          option.value = d.deviceId;
          option.textContent = d.label || `${kind === 'audioinput' ? 'Microphone' : 'Speaker'} ${i + 1}`;
          return option;
        }),
      );
      select.value = options.some((d) => d.deviceId === chosen) ? (chosen ?? '') : '';
    };
    fill(ui.microphone, 'audioinput', this.devices.microphone);
    fill(ui.speaker, 'audiooutput', this.devices.speaker);
    fill(ui.ringer, 'audiooutput', this.devices.ringer);
    const canChooseOutput = 'setSinkId' in HTMLMediaElement.prototype;
    ui.speaker.disabled = !canChooseOutput;
    ui.ringer.disabled = !canChooseOutput;
    ui.devicesNote.textContent = canChooseOutput ? 'Saved in this browser.' : 'This browser plays calls and the ringer on its default output. Saved in this browser.';
    await this.apply();
  }

  private async apply(): Promise<void> {
    const { devices } = this;
    ui.remoteAudio.volume = devices.callVolume;
    this.ringtone.volume = devices.ringerVolume;
    ui.callVolume.value = String(Math.round(devices.callVolume * 100));
    ui.ringerVolume.value = String(Math.round(devices.ringerVolume * 100));
    const sink = async (audio: HTMLAudioElement, id: string | undefined, what: string) => {
      const element = audio as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
      if (!element.setSinkId) return;
      await element.setSinkId(id ?? '').catch(() => notice(`The chosen ${what} is not available; the default is used.`));
    };
    await sink(ui.remoteAudio, devices.speaker, 'speaker');
    await sink(ui.ringerAudio, devices.ringer, 'ringer');
  }

  private save(): void {
    const { devices } = this;
    devices.microphone = ui.microphone.value || undefined;
    devices.speaker = ui.speaker.value || undefined;
    devices.ringer = ui.ringer.value || undefined;
    devices.callVolume = Number(ui.callVolume.value) / 100;
    devices.ringerVolume = Number(ui.ringerVolume.value) / 100;
    localStorage.setItem(store.devices, JSON.stringify(devices));
    void this.apply();
  }
}
