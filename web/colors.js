// One colour per indicator, stable across reloads (assigned in id order, then hashed past the palette).
const PALETTE = ['#d7301f', '#1f78b4', '#33a02c', '#ff7f00', '#6a3d9a', '#b15928', '#e7298a', '#01665e'];
const assigned = new Map();

export function setIndicators(ids) {
  for (const [i, id] of [...ids].sort().entries()) assigned.set(id, PALETTE[i % PALETTE.length]);
}

export function indicatorColor(id) {
  if (!assigned.has(id)) {
    let hash = 0;
    for (const c of id) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
    assigned.set(id, PALETTE[hash % PALETTE.length]);
  }
  return assigned.get(id);
}
