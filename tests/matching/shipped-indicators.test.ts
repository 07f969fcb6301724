import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleFullText } from '../../src/articles/article.js';
import { runExamples } from '../../src/eval/examples.js';
import { extract } from '../../src/extraction/extract.js';
import { buildMatcher, loadIndicatorFile, loadIndicators, loadRegions } from '../../src/matching/indicators.js';

const { indicators, trends } = loadIndicators('indicators');
const matcher = buildMatcher(indicators);

/** Indicator ids raised by one article, through the real extraction stage. */
function raised(title: string, text: string, language?: string): string[] {
  const extraction = extract({ title, text, ...(language ? { language } : {}) });
  return matcher.match({ text: articleFullText({ title, text }), extraction }).map((m) => m.indicatorId);
}

type Case = [lang: string, title: string, text: string];

function suite(id: string, fires: Case[], silent: Case[]): void {
  describe(id, () => {
    it.each(fires)('fires (%s): %s', (lang, title, text) => expect(raised(title, text, lang)).toContain(id));
    it.each(silent)('stays silent (%s): %s', (lang, title, text) => expect(raised(title, text, lang)).not.toContain(id));
  });
}

// Every indicator file in indicators/, not only the ones named in this file: each must load,
// and each of its own examples must behave, both through the live matcher and as `sahelwatch check` runs them.
const FILES = readdirSync('indicators')
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((f) => join('indicators', f));
const REGIONS = loadRegions('indicators/regions').regions;

describe.each(FILES)('examples of %s', (file) => {
  const loaded = loadIndicatorFile(file, REGIONS);
  it('loads', () => expect(loaded.errors).toEqual([]));
  const indicator = loaded.indicator;
  if (!indicator) return;
  const results = runExamples(indicator);
  it.each(results.filter((r) => r.expect === 'must_match'))('must match: $text', (r) => {
    expect(r.ok, r.why).toBe(true);
    if (indicator.enabled) expect(raised(r.text, '')).toContain(indicator.id);
  });
  it.each(results.filter((r) => r.expect === 'must_not_match'))('must not match: $text', (r) => {
    expect(r.ok, r.why).toBe(true);
    expect(raised(r.text, '')).not.toContain(indicator.id);
  });
});

it('the example runner sees every file in indicators/ (trend indicators load as trends: they have no examples to run)', () => {
  expect(FILES.length).toBeGreaterThanOrEqual(4);
  expect([...indicators, ...trends].map((i) => i.file).sort()).toEqual(FILES);
  expect(trends.map((t) => t.id)).toEqual(['alibori-atacora-attack-spike']);
});

suite(
  'kayes-convoy-interdiction',
  [
    ['en', 'Fuel tankers torched near Kayes as JNIM tightens blockade', 'Suspected JNIM fighters set fire to at least 15 fuel tankers travelling from Dakar on the road between Kayes and Diéma on Sunday, a transport union official said. The drivers were released but the vehicles and their cargo were destroyed.'],
    ['en', 'Gunmen ambush freight convoy near Kolokani', 'Armed men ambushed a convoy of goods trucks on the RN3 near Kolokani, north of Kati, killing two drivers, security sources said. The lorries were heading from the Senegalese border to Bamako.'],
    ['fr', 'Nioro du Sahel : des camions-citernes incendiés par des hommes armés', 'Une vingtaine de camions-citernes en provenance de Mauritanie ont été incendiés mardi à la sortie de Nioro du Sahel par des hommes armés non identifiés, selon des sources locales. Les chauffeurs ont été relâchés quelques heures plus tard.'],
    ['fr', 'Le JNIM annonce un blocus sur la région de Kayes', "Dans une vidéo, le porte-parole du JNIM a annoncé un blocus sur les villes de Kayes et de Nioro du Sahel et interdit aux transporteurs d'y acheminer du carburant."],
    // Kayes communes and corridor towns with neither the region nor the road named.
    ['fr', 'Des citernes incendiées', 'Des hommes armés ont incendié des camions-citernes près de Kéniéba.'],
    ['en', 'Trucks torched near the border', 'Gunmen torched fuel trucks near Troungoumbé on Tuesday.'],
  ],
  [
    ['en', 'Fuel queues lengthen in Bamako', 'Motorists queued for hours at petrol stations in Bamako on Tuesday as fuel shortages worsened. The government said new deliveries were expected within days.'],
    ['fr', "Kolondiéba : des citernes incendiées sur l'axe ivoirien", "Des hommes armés ont incendié six camions-citernes entre Kolondiéba et Kadiana, sur la route qui relie la Côte d'Ivoire à Bamako, selon des sources sécuritaires."],
    ['en', 'JNIM attacks army camp in Kayes region', 'JNIM fighters attacked a military camp and the gendarmerie post in Sandaré, in the Kayes region, on Tuesday. The army said it repelled the assault.'],
    ['fr', "Kayes : un éboulement dans une mine d'or fait dix morts", "L'effondrement d'un puits d'orpaillage a fait dix morts dans le cercle de Kéniéba, région de Kayes, ont indiqué les autorités locales."],
    ['fr', 'Burkina : un convoi de ravitaillement attaqué près de Dori', "Un convoi de camions escorté par l'armée a été attaqué lundi sur l'axe Dori-Sebba, dans le nord-est du Burkina Faso, faisant plusieurs victimes."],
  ],
);

suite(
  'w-arly-pendjari-attack',
  [
    ['en', "Gunmen kill two rangers in Benin's W park", 'Two rangers of the W National Park were killed on Saturday when gunmen attacked their patrol near the Mékrou river, African Parks said.'],
    ['en', 'Militants attack police station in Diapaga', "Suspected jihadists stormed the police station in Diapaga, in Burkina Faso's Tapoa province, overnight, killing one officer and burning vehicles, local sources said."],
    ['fr', 'Bénin : deux militaires tués par un engin explosif près de Porga', 'Deux militaires béninois ont été tués lundi lorsque leur véhicule a sauté sur un engin explosif improvisé sur la route de Porga, dans la commune de Matéri.'],
    ['fr', 'Pama : des enseignants enlevés par des hommes armés', 'Trois enseignants ont été enlevés jeudi à Pama, dans la province de la Kompienga, par des individus armés non identifiés.'],
    // Every department of Tapoa and Kompienga, and the parks' edge villages, with no province named.
    ['fr', 'Attaque contre des VDP', 'Des hommes armés ont attaqué des volontaires pour la défense de la patrie à Logobou, Tansarga et Nadiagou.'],
    ['en', 'Police post attacked', 'Gunmen attacked a police post in Monsey on Sunday, a local official said.'],
    // A headline alone, as a feed gives it: the police are what was attacked, not who attacked.
    ['en', 'Police post attacked in Karimama', ''],
  ],
  [
    ['en', 'Lions return to Pendjari', 'Park managers counted 120 lions in Pendjari National Park this year, a conservation success after years of poaching.'],
    ['fr', 'Togo : une attaque contre un poste militaire à Tiwoli fait quatre morts', "Quatre soldats togolais ont été tués dans l'attaque d'un poste avancé à Tiwoli, dans la préfecture de Kpendjal, près de la frontière burkinabè."],
    ['en', 'Jihadists kill 20 in attack near Djibo', 'Jihadists killed at least 20 civilians in an attack on a village near Djibo in northern Burkina Faso, local sources said.'],
    ['fr', 'Mali : attaque contre le poste de police de Tamani', 'Des hommes armés ont attaqué le poste de police de Tamani, dans le cercle de Barouéli, région de Ségou, sans faire de victimes.'],
    // Militants killed by the army, or its offensive, in the belt: an operation against them.
    ['fr', 'Pama : cinq terroristes neutralisés', "L'état-major a annoncé la neutralisation de cinq terroristes près de Pama."],
    ['en', 'Army offensive in W park', 'Troops launched an offensive against JNIM positions in the W park on Monday.'],
    ['en', 'Troops raid militant camp in W park', 'Benin troops raided a JNIM camp in the W park on Sunday and seized motorbikes, the army said.'],
    ['en', 'Bandits kill villagers near Kainji park', 'Bandits killed five villagers in Kaiama local government area near Kainji Lake National Park in Kwara State, police said.'],
  ],
);

suite(
  'drone-satcom-seizure',
  [
    ['en', 'Troops seize Starlink kits from ISWAP logistics supplier', 'Troops of Operation Hadin Kai arrested a suspected ISWAP logistics supplier in Monguno and seized two Starlink kits, solar panels and a quadcopter drone meant for the terrorists, the army said.'],
    ['fr', "Niger : l'armée saisit des drones chez des terroristes de l'EIGS", "Les Forces armées nigériennes ont saisi deux drones et un téléphone satellitaire Thuraya lors d'une opération contre une base de l'EIGS près de Ménaka, selon un communiqué de l'état-major."],
  ],
  [
    ['en', 'ISWAP drone attack on Borno base', 'ISWAP fighters used armed drones to drop explosives on a military base in Borno State, wounding four soldiers, military sources said.'],
    ['fr', 'Mali : le gouvernement interdit les kits Starlink', "Le gouvernement de transition a interdit l'importation et l'utilisation des kits Starlink sur le territoire, invoquant leur usage par les groupes terroristes."],
    ['en', 'JNIM shows off drone captured from army', "JNIM's media arm released images of a surveillance drone that its fighters captured after an ambush on a Burkinabe army patrol near Pama."],
    ['fr', 'Kidal : un drone de l’armée abattu', "Un drone de l'armée malienne a été abattu près de Kidal par des combattants du FLA, a indiqué l'état-major."],
  ],
);

suite(
  'leadership-nigeria-messaging',
  [
    ['en', 'Iyad Ag Ghali threatens coastal states in new audio', "In an audio message released on Sunday by JNIM's media arm, Iyad Ag Ghali warned the coastal states of West Africa, naming Benin and Togo, that their soldiers would be targeted."],
    ['fr', 'Amadou Koufa appelle les Peuls du Nigeria au jihad', 'Dans un nouvel enregistrement audio, Amadou Koufa exhorte les Peuls du Nigeria et du Bénin à rejoindre les rangs du JNIM.'],
  ],
  [
    ['en', 'JNIM claims first attack in Nigeria', "JNIM, the al-Qaeda affiliate led by Iyad Ag Ghali, claimed its first attack on Nigerian soil, killing a soldier in Kwara State, according to SITE."],
    ['fr', 'Le porte-parole du JNIM menace le Nigeria', 'Dans une vidéo, Abou Houzeifa al-Bambari, porte-parole du JNIM, menace le Nigeria et le Bénin de nouvelles attaques.'],
    ['fr', "Iyad Ag Ghali s'exprime sur la situation au Mali", 'Dans un message audio, Iyad Ag Ghali appelle les Maliens à se soulever contre la junte et la présence russe.'],
    ['en', 'JNIM chief last seen in 2023 video', 'Iyad Ag Ghali, who last appeared in a video in 2023, leads the group. Its fighters have since crossed into Nigeria, according to analysts.'],
  ],
);
