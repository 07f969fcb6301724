// The map: bundled country outlines, the indicators' regions, reported incidents, and one marker per alert. No tiles.
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import { api } from './api.js';
import { indicatorColor } from './colors.js';
import { el } from './dom.js';

let map;
let markers;
let incidents;
let selectAlert = () => {};

const COUNTRY_STYLE = { color: '#8a8a7a', weight: 1, fillColor: '#f3efe2', fillOpacity: 1 };

function regionLayer(regions) {
  return L.geoJSON(regions, {
    style: () => ({ color: '#555', weight: 2, dashArray: '6 4', fillOpacity: 0.08, className: 'region-shape' }),
    // A Point region is a circle of radius_km; a LineString is drawn as the road or river it follows.
    pointToLayer: (feature, latlng) => L.circle(latlng, { radius: (feature.properties.radius_km ?? 10) * 1000, className: 'region-shape' }),
    onEachFeature: (feature, layer) => {
      const p = feature.properties;
      const extent = p.buffer_km ? ` (± ${p.buffer_km} km)` : p.radius_km ? ` (${p.radius_km} km radius)` : '';
      layer.bindTooltip(el('span', {}, `${p.region}: ${p.name}${extent}`), { sticky: true });
    },
  });
}

/** A region-level reference ("coastal states", Liptako) is never a point, as in the exports (src/exports/alert-facts.ts). */
function isRegionLevel(place) {
  return place.placeKind === 'region' || place.id.startsWith('place/region/');
}

/** The point an alert is pinned at: its most precise located place. */
function alertPoint(alert) {
  const located = alert.places.filter((p) => typeof p.lat === 'number' && typeof p.lon === 'number' && !isRegionLevel(p));
  return located.find((p) => !p.id.startsWith('country/')) ?? located[0];
}

export async function initMap(onSelect) {
  map = L.map('map', { zoomSnap: 0.5, attributionControl: true, worldCopyJump: false }).setView([14, -2], 4.5);
  map.attributionControl.setPrefix('Leaflet');
  map.attributionControl.addAttribution('Outlines: Natural Earth · Places: GeoNames (CC BY 4.0)');
  const [outlines, regions] = await Promise.all([api.get('/api/outlines'), api.get('/api/regions')]);
  L.geoJSON(outlines, {
    style: () => COUNTRY_STYLE,
    onEachFeature: (feature, layer) => layer.bindTooltip(el('span', {}, feature.properties.name), { sticky: true }),
  }).addTo(map);
  regionLayer(regions).addTo(map);
  // Incidents under the alerts: the background an alert stands out from.
  incidents = L.layerGroup().addTo(map);
  markers = L.layerGroup().addTo(map);
  selectAlert = onSelect;
}

/** Redraws the markers; `fit` zooms to them (after the analyst filters, not on the periodic refresh). */
export function showAlerts(alerts, { fit = false } = {}) {
  markers.clearLayers();
  for (const alert of alerts) {
    const place = alertPoint(alert);
    if (!place) continue;
    const color = indicatorColor(alert.indicatorId);
    const marker = L.circleMarker([place.lat, place.lon], {
      radius: alert.severity === 'critical' || alert.severity === 'high' ? 9 : 6,
      color: '#222',
      weight: 1,
      fillColor: color,
      fillOpacity: 0.85,
      className: `alert-marker sev-${alert.severity}`,
    });
    // Leaflet puts string tooltips in as HTML; a DOM node keeps feed text as text.
    marker.bindTooltip(el('span', {}, `${alert.story.title} — ${place.name}`));
    marker.on('click', () => selectAlert(alert.id));
    marker.addTo(markers);
  }
  const bounds = L.featureGroup(markers.getLayers()).getBounds();
  if (fit && bounds.isValid()) map.fitBounds(bounds.pad(0.3), { maxZoom: 7 });
}

/** Every story that reports an incident (an events GeoJSON FeatureCollection), alerted or not, as small grey dots. */
export function showEvents(collection) {
  incidents.clearLayers();
  for (const feature of collection.features) {
    if (!feature.geometry) continue;
    const [lon, lat] = feature.geometry.coordinates;
    const p = feature.properties;
    const marker = L.circleMarker([lat, lon], { radius: 4, color: '#555', weight: 1, fillColor: '#9a9a9a', fillOpacity: 0.7, className: 'event-marker' });
    const killed = p.fatalities > 0 ? `, ${p.fatalities} killed` : '';
    marker.bindTooltip(el('span', {}, `${p.event_date} ${p.title} — ${p.place_name} (${p.event_types}${killed})`));
    marker.addTo(incidents);
  }
}

export function showLegend(indicators) {
  const legend = document.getElementById('legend');
  legend.replaceChildren(
    ...indicators.map((i) => el('li', {}, el('span', { class: 'swatch', style: `background:${indicatorColor(i.id)}` }), i.title)),
    el('li', {}, el('span', { class: 'swatch event' }), 'reported incidents (events), alerted or not'),
    el('li', {}, el('span', { class: 'swatch region' }), 'named regions of the indicators'),
  );
}
