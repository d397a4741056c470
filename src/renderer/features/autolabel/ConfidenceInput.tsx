/** A confidence threshold typed as text (0–1 in steps of 0.05); read it with parseThreshold (autolabelModel.ts). */
import type { InputHTMLAttributes } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'min' | 'max' | 'step' | 'value' | 'onChange'> & {
  value: string;
  onValueChange: (text: string) => void;
};

export function ConfidenceInput({ value, onValueChange, ...rest }: Props): React.JSX.Element {
  return <input type="number" min="0" max="1" step="0.05" {...rest} value={value} onChange={(e) => onValueChange(e.target.value)} />;
}
