/**
 * The doctor's findings, shared by the first-run banner and the Doctor panel in Settings, so that choosing an
 * interpreter or setting Python up in one place updates the other. The quick check (does Python start, does
 * it find the training modules) runs at every start; `full` runs the whole doctor, which imports torch.
 */
import { create } from 'zustand';
import type { DoctorFindings } from '../../../shared/api/app.contract';
import type { AppApi } from '../../../shared/api/contract';

interface DoctorState {
  findings: DoctorFindings | null;
  checking: boolean;
  error: string | null;
  /** The user put the banner away for this session. */
  dismissed: boolean;
  dismiss: () => void;
}

export const doctorStore = create<DoctorState>()((set) => ({
  findings: null,
  checking: false,
  error: null,
  dismissed: false,
  dismiss: () => set({ dismissed: true }),
}));

export const useDoctor = doctorStore;

/** Asks for the findings; a newer request's answer always wins over an older one still under way. */
let latest = 0;
export async function loadFindings(api: AppApi, full = false): Promise<void> {
  const ticket = ++latest;
  doctorStore.setState({ checking: true, error: null });
  try {
    const findings = await api.invoke('doctor.findings', full ? { full } : {});
    if (ticket === latest) doctorStore.setState({ findings, checking: false });
  } catch (err) {
    if (ticket === latest) doctorStore.setState({ checking: false, error: err instanceof Error ? err.message : String(err) });
  }
}

/** The banner's test: Python cannot train yet, or some component is broken. */
export function needsAttention(f: DoctorFindings | null): boolean {
  return f !== null && (!f.pythonReady || !f.ok);
}
