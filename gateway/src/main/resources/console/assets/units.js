// Sizes in human units as file managers show them: powers of 1024 written B, KB, MB, GB, TB, PB; one decimal
// below 100 (dropped when it is .0), whole numbers from 100 up. 0 -> "0 B", 13207024435 -> "12.3 GB",
// 107374182400 -> "100 GB".
const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];

export function humanBytes(bytes) {
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) {
    return value + ' B';
  }
  const shown = value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
  return shown + ' ' + UNITS[unit];
}
