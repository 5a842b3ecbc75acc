/**
 * A horizontal slider: `label [━━━━━●──────] value`, the knob at position / (positions − 1) of the track.
 * Pure render from props; the screen owns the position and the keys that move it.
 */
import { Text } from 'ink';
import { styleProps } from './GridRows.tsx';

export interface SliderProps {
  /** 0 … positions − 1. */
  position: number;
  positions: number;
  /** Columns for the whole line. */
  width: number;
  label: string;
  /** Shown after the track, e.g. the threshold it stands for. */
  value: string;
  color: boolean;
}

export const KNOB = '●';

/** The track: `width` cells, filled ━ up to the knob, ─ after it. */
export function sliderTrack(position: number, positions: number, width: number): string {
  const cells = Math.max(3, width);
  const clamped = Math.max(0, Math.min(positions - 1, position));
  const at = positions <= 1 ? 0 : Math.round((clamped / (positions - 1)) * (cells - 1));
  return '━'.repeat(at) + KNOB + '─'.repeat(cells - 1 - at);
}

export function Slider({ position, positions, width, label, value, color }: SliderProps) {
  const trackWidth = Math.max(3, width - label.length - value.length - 4);
  const track = sliderTrack(position, positions, trackWidth);
  const at = track.indexOf(KNOB);
  return (
    <Text wrap="truncate-end">
      {label} [<Text {...styleProps('router', color)}>{track.slice(0, at)}</Text>
      <Text {...styleProps('current', color)}>{KNOB}</Text>
      <Text {...styleProps('muted', color)}>{track.slice(at + 1)}</Text>] {value}
    </Text>
  );
}
