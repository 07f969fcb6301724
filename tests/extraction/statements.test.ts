import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extraction/extract.js';

const statements = (text: string, title = 'x') => extract({ title, text }).statements;

describe('statements attributed to named people', () => {
  it('a leader speaking in an audio message, with what he names', () => {
    const [s, ...rest] = statements('In an audio message, Iyad Ag Ghali called on fighters to carry the war to Nigeria and the coastal states.');
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ speakerId: 'person/iyad-ag-ghali', speaker: 'Iyad Ag Ghali', medium: 'audio' });
    expect(s?.mentions).toEqual(['country/ng', 'place/region/coastal-states']);
    expect(s?.evidence[0]?.quote).toBe('Iyad Ag Ghali');
  });

  it('takes the medium from the sentence before and the speaker from a surname alone', () => {
    const [s] = statements(
      'A video released by al-Zallaqa shows Amadou Koufa alongside other commanders. Speaking in Fulani, Koufa calls on Fulani in Mali, Ivory Coast and Nigeria to join.',
    );
    expect(s).toMatchObject({ speakerId: 'person/amadou-koufa', medium: 'video' });
    expect(s?.mentions).toEqual(['country/ml', 'country/ci', 'country/ng']);
    expect(s?.countries).toEqual(['ML', 'CI', 'NG']);
  });

  it('lists the countries of the places a statement names', () => {
    const [s] = statements('Dans une vidéo, Amadou Koufa menace Lagos, Cotonou et les Nigérians.');
    expect(s?.mentions).toEqual(['place/ng/lagos', 'place/bj/cotonou', 'country/ng']);
    expect(s?.countries).toEqual(['NG', 'BJ']);
  });

  it('follows "il" back to a leader whose name a French reflexive follows ("Koufa s\'est montré …"), which is no English possessive', () => {
    const [s] = statements('Amadou Koufa s\'est montré longuement lundi sur les réseaux. Il appelle les Peuls du Ghana au jihad.');
    expect(s?.speakerId).toBe('person/amadou-koufa');
    expect(s?.countries).toEqual(['GH']);
    // An English possessive still ties the name to what follows: "Koufa's men" are not Koufa.
    expect(statements("Amadou Koufa's men attacked a village. He named Ghana as a target.")).toEqual([]);
  });

  it('takes what follows the medium a pronoun appears in as his ("Il est apparu dans une vidéo où il appelait …")', () => {
    const [s] = statements('Amadou Koufa dirige la katiba Macina. En 2018, il est apparu dans une vidéo où il appelait les Peuls du Ghana à se soulever.');
    expect(s).toMatchObject({ speakerId: 'person/amadou-koufa', medium: 'video' });
    expect(s?.countries).toEqual(['GH']);
  });

  it('follows a pronoun into the next sentence ("Il y évoque ...")', () => {
    const [s] = statements(
      "Iyad Ag Ghaly s'exprime dans un enregistrement audio. Il y évoque « la marche vers les pays côtiers ». La France est citée ailleurs par un ministre.",
    );
    expect(s).toMatchObject({ speakerId: 'person/iyad-ag-ghali', medium: 'audio' });
    expect(s?.mentions).toContain('place/region/coastal-states');
    expect(s?.mentions).not.toContain('country/fr');
    expect(s?.evidence.map((e) => e.quote)).toEqual(['Iyad Ag Ghaly', 'Il']);
  });

  it('his name before one of his people ("a Koufa relative said", "Koufa\'s brother told") is that person speaking, not him', () => {
    expect(statements('A Koufa relative said in Lagos that the family had no contact with him.')).toEqual([]);
    expect(statements("Koufa's brother told reporters that Nigeria was a target.")).toEqual([]);
    expect(statements("Koufa's message urges Fulani in Nigeria to rise.")[0]?.mentions).toContain('country/ng');
  });

  it("a relative or subordinate of a leader is not the leader speaking", () => {
    expect(statements("La chaîne a diffusé un entretien avec Hamadou Barry, un proche d'Amadou Kouffa, qui appelle les Peuls du Nigeria à s'unir.")).toEqual([]);
  });

  it('naming a leader alongside a country is not a statement by him', () => {
    expect(statements('JNIM, led by Iyad Ag Ghaly, has been recruiting in Kwara State, Nigeria, officials said.')).toEqual([]);
    expect(statements('Iyad Ag Ghali heads the group, which is active in Mali and Burkina Faso.')).toEqual([]);
  });

  it('"according to" / "selon" a leader attributes the rest of the sentence to him', () => {
    const [en] = statements('According to Amadou Koufa, speaking in a new video, fighters should strike Benin and Togo.');
    expect(en).toMatchObject({ speakerId: 'person/amadou-koufa', medium: 'video', mentions: ['country/bj', 'country/tg'] });
    const [fr] = statements('Selon Iyad Ag Ghali, dans un enregistrement audio, le combat doit gagner le Nigeria.');
    expect(fr).toMatchObject({ speakerId: 'person/iyad-ag-ghali', medium: 'audio', mentions: ['country/ng'] });
  });

  it('a spokesman is a speaker of his own', () => {
    const [s] = statements('Dans une vidéo, le porte-parole Abou Houzeifa al-Bambari annonce le blocus de Kayes et de Nioro du Sahel.');
    expect(s).toMatchObject({ speakerId: 'person/abou-houzeifa-al-bambari', medium: 'video' });
    expect(s?.mentions).toEqual(['place/ml/kayes', 'place/ml/nioro-du-sahel']);
  });
  it('knows a speech verb in any inflection, through its word family', () => {
    // None of these forms is listed in data/gazetteer/statements.yaml; their verbs are.
    const cases: [string, string][] = [
      ['Iyad Ag Ghaly menaçait, dans cet enregistrement, de frapper le Nigeria.', 'person/iyad-ag-ghali'],
      ['Amadou Koufa avait averti les autorités du Bénin.', 'person/amadou-koufa'],
      ['Amadou Koufa interpellait les musulmans du Nigeria dans cette vidéo.', 'person/amadou-koufa'],
      ['In the footage, Koufa is heard exhorting Fulani in Nigeria to rise up.', 'person/amadou-koufa'],
      ['Iyad Ag Ghali, in a rare message, denouncing the governments of Benin and Togo.', 'person/iyad-ag-ghali'],
    ];
    for (const [text, speakerId] of cases) expect(statements(text).map((s) => s.speakerId), text).toEqual([speakerId]);
  });

  it('reads irregular forms and verbs that need their particle across an auxiliary', () => {
    expect(statements('Koufa swore to carry the war into Nigeria.')[0]?.mentions).toEqual(['country/ng']);
    expect(statements("Amadou Koufa a juré de porter le jihad jusqu'au Nigeria.")[0]?.mentions).toEqual(['country/ng']);
    expect(statements("Dans un audio, Iyad Ag Ghaly s'en est pris au Nigeria.")[0]?.mentions).toEqual(['country/ng']);
    // "pris" alone is a capture, not speech.
    expect(statements('Iyad Ag Ghaly a pris la ville de Kidal en 2012 avant de fuir vers le Nigeria.')).toEqual([]);
  });

  it('"son" before a name is French for "his", not a relative', () => {
    const [s] = statements('Dans son prêche, Amadou Koufa a cité le Nigeria et le Bénin.');
    expect(s).toMatchObject({ speakerId: 'person/amadou-koufa', medium: 'sermon', mentions: ['country/ng', 'country/bj'] });
    expect(statements("The son of Amadou Koufa told reporters that Nigeria was next.")).toEqual([]);
  });
});

describe("a group's leader named by title stands for him", () => {
  it('reads "JNIM\'s leader", "the Katiba Macina leader" and "le chef du GSIM" as the person who leads the group', () => {
    const [en] = statements('In a speech released online, JNIM\'s leader for the first time mentioned Nigeria.');
    expect(en).toMatchObject({ speakerId: 'person/iyad-ag-ghali', mentions: ['country/ng'] });
    expect(en?.evidence[0]?.quote).toBe("JNIM's leader");
    const [macina] = statements("The Katiba Macina leader's latest message addresses the Fulani of Nigeria and Benin.");
    expect(macina).toMatchObject({ speakerId: 'person/amadou-koufa', medium: 'message' });
    expect(macina?.countries).toEqual(['NG', 'BJ']);
    const [fr] = statements("Dans un enregistrement audio, le chef du GSIM menace le Bénin et le Togo.");
    expect(fr).toMatchObject({ speakerId: 'person/iyad-ag-ghali', countries: ['BJ', 'TG'] });
    // A French reflexive after the group is no English possessive: "le chef du JNIM s'adresse …".
    expect(statements("Le chef du JNIM s'adresse aux Peuls du Nigeria.")[0]).toMatchObject({ speakerId: 'person/iyad-ag-ghali', countries: ['NG'] });
    expect(statements("The head of JNIM's operations in Burkina spoke about Nigeria.")).toEqual([]);
  });

  it('does not read any commander, or a regional leader, as the group\'s leader', () => {
    expect(statements('A JNIM commander warned Nigeria in a video.')).toEqual([]);
    expect(statements("JNIM's leader in Burkina warned Nigeria in a video.")).toEqual([]);
    expect(statements("Un chef du JNIM a menacé le Nigeria dans une vidéo.")).toEqual([]);
    // ISWAP's leader changes too often to be one gazetteer entry: nobody is guessed.
    expect(statements("ISWAP's leader threatened Niger in an audio message.")).toEqual([]);
  });
});

describe('a leader named again as "the jihadist leader", "le chef jihadiste"', () => {
  it('is the last group leader named in the sentences before', () => {
    const text =
      "Amadou Koufa a répondu pour la première fois aux questions d'un journaliste. Il a traité quatorze questions sur dix-sept. " +
      "Les médias n'ont pas diffusé ses réponses. Le chef jihadiste met en garde les dirigeants du Bénin et du Togo.";
    expect(statements(text).find((st) => st.countries?.includes('BJ'))).toMatchObject({ speakerId: 'person/amadou-koufa', countries: ['BJ', 'TG'] });
    const en = 'Iyad Ag Ghali appeared in a new video released on Sunday. The jihadist leader warned Nigeria and Benin.';
    expect(statements(en).find((st) => st.countries?.includes('NG'))).toMatchObject({ speakerId: 'person/iyad-ag-ghali' });
  });

  it('is nobody when no leader was named before, or only long before', () => {
    expect(statements('Troops killed a commander in the north. The jihadist leader warned Nigeria in a video.')).toEqual([]);
    const far =
      'Amadou Koufa was last seen in 2019. One. Two. Three. Four. Five. Six. The jihadist leader warned Nigeria in a video.';
    expect(statements(far).filter((st) => st.countries?.includes('NG'))).toEqual([]);
  });
});

describe('what a leader says before his name', () => {
  it('a quotation closed right before an inverted or following speech verb is his', () => {
    for (const text of [
      "« Le Nigeria n'est pas loin », lance Amadou Koufa dans cette vidéo diffusée dimanche.",
      '"Nigeria is next," Koufa said in the video.',
      '"Nigeria will pay," said Amadou Koufa in an audio message.',
    ]) {
      const [s] = statements(text);
      expect(s, text).toMatchObject({ speakerId: 'person/amadou-koufa' });
      expect(s?.mentions, text).toContain('country/ng');
    }
  });

  it('an opening participle of a speech verb is his ("Addressing Nigerians, Koufa said ...")', () => {
    for (const text of ['Addressing Nigerians directly, Koufa said the fight would soon reach them.', "S'adressant aux Nigérians, Amadou Koufa promet la guerre."]) {
      const [s] = statements(text);
      expect(s?.mentions, text).toContain('country/ng');
    }
  });

  it('a quotation by someone else that only cites the leader is not his', () => {
    const found = statements('"Nigeria is a target," the army spokesman said, citing Koufa.').filter((s) => s.speakerId === 'person/amadou-koufa');
    expect(found.flatMap((s) => s.mentions)).not.toContain('country/ng');
    const opener = statements('Speaking in Abuja, the minister said Koufa wants Nigeria.').filter((s) => s.speakerId === 'person/amadou-koufa');
    expect(opener).toEqual([]);
  });

  it('"coastal West Africa" and its variants name the coastal states', () => {
    const [s] = statements('Iyad Ag Ghali, the head of JNIM, addressed the governments of coastal West Africa in a rare interview.');
    expect(s?.mentions).toEqual(['place/region/coastal-states']);
  });
});

describe('speech verbs of more than one word', () => {
  it('"met en garde" is a warning', () => {
    const [s] = statements('Dans un audio diffusé mardi, Iyad Ag Ghaly met en garde le Nigeria et le Bénin.');
    expect(s).toMatchObject({ speakerId: 'person/iyad-ag-ghali', medium: 'audio' });
    expect(s?.mentions).toEqual(['country/ng', 'country/bj']);
  });
});

describe('statements whatever the verb', () => {
  it('a headline\'s "Koufa : « … »" quotes him', () => {
    for (const text of ['Koufa : « le Nigeria est notre prochaine cible »', "Koufa: 'Nigeria is our next target'"]) {
      const [s] = statements(text);
      expect(s, text).toMatchObject({ speakerId: 'person/amadou-koufa' });
      expect(s?.mentions, text).toEqual(['country/ng']);
    }
  });

  it('a sentence opened by his medium, with him as subject, is his ("Dans son message, le leader du GSIM vise le Nigeria")', () => {
    const [s] = statements('Dans son message, le leader du GSIM vise nommément le Nigeria.');
    expect(s).toMatchObject({ speakerId: 'person/iyad-ag-ghali', medium: 'message' });
    expect(s?.mentions).toEqual(['country/ng']);
    // Someone else speaking in the medium is not him.
    const other = statements('In the video, the Nigerian army spokesman said Koufa was in Benin.').filter((x) => x.speakerId === 'person/amadou-koufa');
    expect(other).toEqual([]);
  });
});

describe('statements: more of how outlets report them', () => {
  it('a comma unties a word from the name after it ("Near its close, Amadou Koufa addresses ...")', () => {
    const [s] = statements('Most of the recording concerns the siege of Malian towns. Near its close, Amadou Koufa addresses "the Muslims of Nigeria".', 'x');
    expect(s).toMatchObject({ speakerId: 'person/amadou-koufa', medium: 'audio' });
    expect(s?.mentions).toEqual(['country/ng']);
  });

  it('a quotation before an inverted verb with its auxiliary ("« … », a affirmé Iyad Ag Ghali")', () => {
    const [s] = statements("« La guerre atteindra la Côte d'Ivoire », a affirmé Iyad Ag Ghali dans un message audio.");
    expect(s?.mentions).toEqual(['country/ci']);
  });

  it('"turns to" is a speech verb', () => {
    const [s] = statements('Toward the end, Iyad Ag Ghaly turns to "the rulers of the coastal states", warning them.');
    expect(s?.mentions).toEqual(['place/region/coastal-states']);
  });

  it('a relative speaking, or a habit recalled by someone else, is not a statement by the leader', () => {
    const relative = statements("Un parent d'Amadou Koufa a affirmé dans une interview que le prédicateur souhaitait s'étendre au Nigeria.");
    expect(relative.filter((s) => s.speakerId === 'person/amadou-koufa')).toEqual([]);
    const habit = statements('A former hostage told reporters that Amadou Koufa often spoke of sending fighters to Nigeria and Benin.');
    expect(habit.filter((s) => s.speakerId === 'person/amadou-koufa')).toEqual([]);
  });
});

describe('statements that are not his', () => {
  const bySpeaker = (text: string, title = 'x') => statements(text, title).map((s) => s.speakerId);

  it('drops a statement said to be fake, or made by someone resembling him', () => {
    expect(bySpeaker("Un enregistrement attribué à Iyad Ag Ghali et menaçant le Bénin est un montage réalisé à partir d'anciens discours.")).toEqual([]);
    expect(bySpeaker('JNIM denied a video in which a man resembling Amadou Koufa calls on Nigerians to join the jihad.')).toEqual([]);
    expect(bySpeaker('In a new video, Amadou Koufa calls on Nigerians to join the jihad.')).toEqual(['person/amadou-koufa']);
  });

  it('drops a negated statement, but not one with a negation elsewhere in the sentence', () => {
    expect(bySpeaker('Ag Ghaly has not publicly addressed Benin, according to researchers.')).toEqual([]);
    expect(bySpeaker("Amadou Koufa n'a jamais cité le Nigeria dans ses messages.")).toEqual([]);
    expect(bySpeaker('Amadou Koufa, who has not been seen in public since 2020, calls on Fulani in Nigeria to rise up in a new audio.')).toEqual([
      'person/amadou-koufa',
    ]);
  });

  it('drops a negated statement after the medium opening the sentence ("Dans sa vidéo, Koufa ne cite ni le Bénin ni le Togo")', () => {
    expect(bySpeaker("Dans sa vidéo, Amadou Koufa ne cite ni le Bénin ni le Togo, se contentant d'appels aux Peuls du Mali.")).toEqual([]);
    expect(bySpeaker('In the video, Amadou Koufa does not mention Nigeria, focusing on central Mali.')).toEqual([]);
    expect(bySpeaker('In the video, Amadou Koufa, who has not been seen for months, threatens Nigeria.')).toEqual(['person/amadou-koufa']);
  });

  it('drops a statement only expected or announced ("analysts expect Koufa to address Nigeria", "Koufa will speak")', () => {
    expect(bySpeaker('Analysts expect Iyad Ag Ghaly to issue a statement on Benin soon.')).toEqual([]);
    expect(bySpeaker('Amadou Koufa will speak about Nigeria in a coming video, the group said.')).toEqual([]);
    expect(bySpeaker("Amadou Koufa va s'adresser aux Peuls du Nigeria, annonce le groupe.")).toEqual([]);
    expect(bySpeaker('Amadou Koufa said the group would strike Nigeria.')).toEqual(['person/amadou-koufa']);
  });

  it('drops a statement a clause only awaits or wishes for ("on s\'attend à ce que Koufa s\'exprime")', () => {
    expect(bySpeaker("Des analystes s'attendent à ce que Koufa s'exprime bientôt sur le Nigeria.")).toEqual([]);
    expect(bySpeaker("Les services de renseignement attendent pour que Iyad Ag Ghaly réponde au Bénin.")).toEqual([]);
    expect(bySpeaker('It is likely that Koufa addresses Nigeria in his next video.')).toEqual([]);
    expect(bySpeaker("Après l'attaque, Koufa s'est exprimé sur le Nigeria.")).toEqual(['person/amadou-koufa']);
  });

  it('ends what he said with a relative clause after his name when the main clause resumes ("Koufa, qui évoquait le Mali, a été suivi …")', () => {
    const [fr] = statements("L'enregistrement attribué à Koufa, qui évoquait le Mali, a été suivi d'une attaque au Bénin.");
    expect(fr?.mentions).toEqual(['country/ml']);
    const [en] = statements('The recording attributed to Koufa, which mentioned Mali, was followed by an attack in Benin.');
    expect(en?.mentions).toEqual(['country/ml']);
    // The main clause reports his speech too: it stays his.
    expect(statements('Koufa, who spoke for an hour, has named Benin and Togo as targets.')[0]?.mentions).toEqual(['country/bj', 'country/tg']);
  });

  it('reads a "-dre" speech verb in every form ("a répondu", "répond")', () => {
    expect(statements('Iyad Ag Ghaly a répondu que le Bénin serait frappé.')[0]?.mentions).toEqual(['country/bj']);
    expect(statements('Amadou Koufa répond au Nigeria dans un audio.')[0]?.mentions).toEqual(['country/ng']);
  });

  it('reads whom a leader aims at in his medium as what he names ("Dans une vidéo, Koufa vise le Nigeria"), only with a medium near', () => {
    expect(statements('Dans une vidéo diffusée dimanche, Amadou Koufa vise explicitement le Nigeria et le Ghana.')[0]?.mentions).toEqual(['country/ng', 'country/gh']);
    // The medium in the sentence before, the leader by his title.
    const [titled] = statements("Un enregistrement audio d'Amadou Koufa circule depuis lundi. L'émir de la katiba Macina cible huit pays, parmi lesquels le Sénégal.");
    expect(titled).toMatchObject({ speakerId: 'person/amadou-koufa', medium: 'audio' });
    expect(titled?.mentions).toContain('country/sn');
    expect(statements('In a recording released on Friday, Iyad Ag Ghaly targets Nigeria and calls on Muslims to rise up.')[0]?.countries).toEqual(['NG']);
    // No medium: his fighters' aims are no words of his.
    expect(statements('Amadou Koufa vise désormais le nord du Bénin, selon un rapport.')).toEqual([]);
  });

  it('does not take a companion at the speaker\'s side for the speaker ("Flanqué d\'Iyad Ag Ghali, Koufa …", "alongside")', () => {
    const found = statements("Dans la vidéo, flanqué d'Iyad Ag Ghali, Amadou Koufa menace le Sénégal.");
    expect(found.map((s) => s.speakerId)).toEqual(['person/amadou-koufa']);
    const en = statements('In the video, alongside Amadou Koufa, Iyad Ag Ghaly threatens Benin.');
    expect(en.map((s) => s.speakerId)).toEqual(['person/iyad-ag-ghali']);
    // Companions named between the speaker and his verb leave him the speaker; a second one joined by "and" is a companion too.
    const both = statements('In the video, Amadou Koufa, accompanied by Iyad Ag Ghaly and Djamel Okacha, calls on Fulani in Ghana to rise.');
    expect(both.map((s) => s.speakerId)).toEqual(['person/amadou-koufa']);
    expect(both[0]?.countries).toEqual(['GH']);
  });

  it('takes what an interviewed leader was asked about as what he answers ("Asked about Nigeria, Iyad Ag Ghaly replied …")', () => {
    expect(statements('Asked about Nigeria in a rare interview, Iyad Ag Ghaly replied that the jihad had no borders.')[0]?.mentions).toEqual(['country/ng']);
    expect(statements("Interrogé sur le Bénin dans un rare entretien, Iyad Ag Ghaly a répondu que le combat n'avait pas de frontières.")[0]?.mentions).toEqual(['country/bj']);
    // Asked, but no answer: nothing is his.
    expect(statements('Asked about Nigeria, Koufa declined to comment.')).toEqual([]);
  });

  it('ends what he said at a semicolon: what follows is the report, not his words', () => {
    const [own] = statements('In the video Amadou Koufa speaks only about Mali; Benin was attacked a day later.', 'x');
    expect(own?.countries ?? []).not.toContain('BJ');
    const [both] = statements('In the video Amadou Koufa threatens Benin and Nigeria; he also names Mali.', 'x');
    expect(both?.countries).toEqual(expect.arrayContaining(['BJ', 'NG']));
  });

  it('gives him nothing after a semicolon right after the verb ("a video of Koufa was released; the army said …")', () => {
    const [s] = statements("A video purporting to show Amadou Koufa was released; the army said its strikes hit his camp near Nigeria's border.");
    expect(s?.countries ?? []).not.toContain('NG');
  });

  it('reads a possessive medium opening the sentence as his ("Iyad Ag Ghaly\'s message to the people of Benin")', () => {
    const [found] = statements("Iyad Ag Ghaly's message to the people of Benin, posted on Friday, tells them their army is to blame.", 'x');
    expect(found?.speakerId).toBe('person/iyad-ag-ghali');
    expect(found?.countries).toContain('BJ');
  });

  it('reads what "features" in his medium as his content, and a medium whose length stands before its author', () => {
    const [featured] = statements('Nigeria features prominently in the new Amadou Koufa video, in which the preacher urges Fulani to take up arms.', 'x');
    expect(featured?.speakerId).toBe('person/amadou-koufa');
    expect(featured?.countries).toContain('NG');
    const [long] = statements('Dans un audio de 18 minutes attribué à Iyad Ag Ghaly, le Nigeria est présenté comme une terre de jihad.', 'x');
    expect(long?.speakerId).toBe('person/iyad-ag-ghali');
    expect(long?.countries).toContain('NG');
    // What happened after his video is not in it.
    const [after] = statements('JNIM attacked Benin two days after the new Amadou Koufa video on Mali.', 'x');
    expect(after?.countries ?? []).not.toContain('BJ');
  });

  it('reads a leader who appears in his medium as its author, and what follows the medium as his ("Koufa appears in a video in which …")', () => {
    const [appears] = statements('Iyad Ag Ghaly appears in a new video in which Benin and Togo are described as enemies of Islam.', 'x');
    expect(appears?.speakerId).toBe('person/iyad-ag-ghali');
    expect(appears?.countries).toEqual(expect.arrayContaining(['BJ', 'TG']));
    const [auteur] = statements("Iyad Ag Ghaly est l'auteur d'un message audio où le Bénin est accusé de collaborer avec la France.", 'x');
    expect(auteur?.countries).toContain('BJ');
    // Seen somewhere is no medium.
    expect(statements('Amadou Koufa was seen in Mopti, where he met envoys from Nigeria.', 'x')).toEqual([]);
  });

  it('reads a relative across the leader’s title, and a regional chief as not the leader', () => {
    expect(bySpeaker("A nephew of JNIM leader Iyad Ag Ghali told a news site that Benin was a legitimate target.")).toEqual([]);
    const regional = statements("Ousmane Dicko menace le Togo dans une vidéo.", "Burkina : le chef du JNIM pour l'Est menace le Togo");
    expect(regional.map((s) => s.speakerId)).not.toContain('person/iyad-ag-ghali');
  });

  it('does not continue a statement into a sentence where someone else speaks about the recording', () => {
    const found = statements(
      "Iyad Ag Ghaly accused Burkina Faso's junta of arming militias in an audio recording released on Sunday. The recording was monitored by a security consultancy, which said it contained no reference to Nigeria.",
    );
    expect(found.flatMap((s) => s.countries ?? [])).not.toContain('NG');
    const continued = statements('Amadou Koufa released a new sermon on Friday. The Katiba Macina chief devotes most of it to Benin.');
    expect(continued.find((s) => s.speakerId === 'person/amadou-koufa')?.countries).toContain('BJ');
  });
});

describe('statements: whose "il", whose title', () => {
  it('does not give a pronoun to a leader named inside what someone else said', () => {
    const found = statements(
      "Le ministre des Armées a estimé mardi que le chef du JNIM, Iyad Ag Ghali, regardait vers le golfe de Guinée. Il a rappelé que la France coopérait avec le Bénin et le Togo.",
    );
    expect(found.find((s) => s.speakerId === 'person/iyad-ag-ghali')?.countries ?? []).not.toContain('BJ');
  });

  it('reads "the head of JNIM’s operations in Burkina" as someone else, and a medium "from JNIM leader Iyad Ag Ghali" as his', () => {
    expect(statements("A video shows Ousmane Dicko, described as the head of JNIM's operations in Burkina Faso, warning Togo and Ghana.").map((s) => s.speakerId)).not.toContain(
      'person/iyad-ag-ghali',
    );
    const [s] = statements('A video message from JNIM leader Iyad Ag Ghali, released on Tuesday, accuses Benin and Togo of arresting scholars.');
    expect(s).toMatchObject({ speakerId: 'person/iyad-ag-ghali' });
    expect(s?.countries).toEqual(expect.arrayContaining(['BJ', 'TG']));
  });
});

describe('statements in the passive', () => {
  it('gives the leader what his medium is said to name, when the medium is the passive verb’s agent', () => {
    const countriesOf = (text: string) => statements(text).flatMap((s) => s.countries ?? []);
    expect(countriesOf('Benin and Togo were singled out by name in a video message from JNIM leader Iyad Ag Ghali released on Tuesday.')).toEqual(
      expect.arrayContaining(['BJ', 'TG']),
    );
    expect(countriesOf("Le Bénin et le Togo sont nommément cités dans une vidéo d'Amadou Koufa diffusée mardi.")).toEqual(expect.arrayContaining(['BJ', 'TG']));
    expect(countriesOf('Nigerian troops were praised in a video of the army chief, days after a message from Amadou Koufa.')).not.toContain('NG');
    expect(countriesOf('Benin was accused by analysts of ignoring a video by Iyad Ag Ghali.')).not.toContain('BJ');
  });

  it('gives the leader what is said to be named or cited by him, in English and in French (feminine participles too)', () => {
    const countriesOf = (text: string) => statements(text).flatMap((s) => s.countries ?? []);
    expect(countriesOf('Nigeria was mentioned twice by Iyad Ag Ghali in the recording.')).toContain('NG');
    expect(countriesOf('Lomé et Cotonou ont été citées nommément par le chef du JNIM, Iyad Ag Ghali, dans son audio.')).toEqual(expect.arrayContaining(['TG', 'BJ']));
    expect(countriesOf('Kandi et Malanville ont été menacées par Amadou Koufa dans sa dernière vidéo.')).toContain('BJ');
    // Said by someone else about him: not his.
    expect(countriesOf('Benin was described by officials as a target of Iyad Ag Ghali.')).not.toContain('BJ');
  });
});

describe('statements: where the next sentence carries the names, and where another clause speaks', () => {
  it('a sentence of countries "cited" right after the statement, with no agent, is what he named', () => {
    const [s] = statements('Dans cette vidéo, Amadou Koufa appelle les Peuls au jihad. Le Ghana, le Togo et le Nigeria sont parmi les pays cités.');
    expect(s?.speakerId).toBe('person/amadou-koufa');
    expect(s?.mentions).toEqual(expect.arrayContaining(['country/gh', 'country/tg', 'country/ng']));
  });

  it('a speech verb after a semicolon is another clause\'s subject speaking', () => {
    expect(statements('Amadou Koufa recruits mostly in central Mali; the researchers said efforts in Ghana and Togo had failed.')).toEqual([]);
  });

  it('the medium already reported, as the subject of a speech verb further on, speaks for the one speaker found so far', () => {
    const [s] = statements(
      "Amadou Koufa s'adresse de nouveau aux Peuls. Il apparaît dans une longue vidéo tournée dans le désert. Le message, qui reprend ses thèmes habituels, invite les Peuls du Sénégal et du Nigeria à le rejoindre.",
    );
    expect(s?.speakerId).toBe('person/amadou-koufa');
    expect(s?.mentions).toEqual(expect.arrayContaining(['country/sn', 'country/ng']));
    const [english] = statements('Iyad Ag Ghali spoke in a new recording. Analysts were struck by its tone. The recording urges supporters in Benin and Togo to rise up.');
    expect(english?.mentions).toEqual(expect.arrayContaining(['country/bj', 'country/tg']));
    // Two speakers found: the message could be either one's, so neither is guessed.
    const two = statements('Iyad Ag Ghali spoke first, then Amadou Koufa spoke. Analysts were struck. The video urges supporters in Benin to rise up.');
    expect(two.flatMap((x) => x.mentions)).not.toContain('country/bj');
    // A name before the verb speaks instead: "the statement from the army urges …" is the army's.
    expect(statements('Iyad Ag Ghali spoke in a video. Analysts were struck. The statement by the Beninese army urges residents of Karimama to stay home.').flatMap((x) => x.mentions)).not.toContain('place/bj/karimama');
  });

  it('"confirms" is a speech verb, and "il" carries it to the next sentence', () => {
    const [s] = statements("Iyad Ag Ghaly a répondu aux questions d'un journaliste. Il confirme aussi l'expansion du groupe au Bénin.");
    expect(s?.speakerId).toBe('person/iyad-ag-ghali');
    expect(s?.mentions).toContain('country/bj');
  });
});

describe('statements: interview summaries and what they list', () => {
  it('"Il justifie", "Il défend" carry the leader\'s statement on, and a person "led by" is no speaker', () => {
    const [s, ...rest] = statements(
      "Hamadoun Kouffa a répondu aux questions d'un journaliste. Il assure que les humanitaires ne sont pas visés. Il justifie les violences contre des civils. Il confirme les projets d'expansion vers le Ghana.",
    );
    expect(rest).toEqual([]);
    expect(s?.speakerId).toBe('person/amadou-koufa');
    expect(s?.mentions).toContain('country/gh');
    const led = statements(
      "Le chef jihadiste Hamadoun Kouffa affirme que l'armée recrute pour lui. Il défend ses troupes, salue les combattants menés par Jafar Dicko, et reconnaît viser le Togo.",
    );
    expect(led.map((x) => x.speakerId)).toEqual(['person/amadou-koufa']);
    expect(led[0]?.mentions).toContain('country/tg');
  });

  it('takes what "the list" holds, a sentence after the statement, as what he listed', () => {
    const [s] = statements(
      "Iyad Ag Ghali a énuméré onze pays ennemis dans un entretien. L'entretien a paru dans un journal. La liste comprend la France, la Côte d'Ivoire et le Sénégal.",
    );
    expect(s?.speakerId).toBe('person/iyad-ag-ghali');
    expect(s?.mentions).toEqual(expect.arrayContaining(['country/ci', 'country/sn']));
  });

  it('a leader described by someone else ("describes Koufa … as") is not the subject of the verbs that follow', () => {
    expect(
      statements('The report describes Amadou Koufa, a Fulani preacher, as the group\'s deputy, and cites an estimate that 300 young Ghanaians had joined.'),
    ).toEqual([]);
  });
});

describe('statements: guesses are not statements', () => {
  it('a speech verb under "could"/"pourrait" is not his statement', () => {
    expect(statements("Des experts estiment que Kouffa pourrait un jour s'adresser aux Peuls du Ghana.")).toEqual([]);
    expect(statements('Analysts think Iyad Ag Ghaly may soon address Benin directly.')).toEqual([]);
  });

  it('takes "Y figurent …" / "Among them …", a sentence after the statement, as what he named; "a nommé" and "qualifie" as speech', () => {
    const [named] = statements(
      "D'après une agence, Iyad Ag Ghali a nommé onze États qu'il range parmi les ennemis de l'islam. Y figurent les États-Unis, la Côte d'Ivoire et le Sénégal.",
    );
    expect(named?.mentions).toEqual(expect.arrayContaining(['country/ci', 'country/sn']));
    const [among] = statements('In the interview, Iyad Ag Ghali named eleven enemy states. Among them are Guinea and Senegal.');
    expect(among?.mentions).toEqual(expect.arrayContaining(['country/gn', 'country/sn']));
    const [called] = statements("Iyad Ag Ghali expose sa stratégie. Il qualifie la France d'ennemi historique et range dans le même camp la Guinée et la Côte d'Ivoire.");
    expect(called?.mentions).toEqual(expect.arrayContaining(['country/gn', 'country/ci']));
  });

  it('"le chef de l\'État" answering a leader does not carry on the leader\'s statement', () => {
    const found = statements(
      "Dans une vidéo, Amadou Kouffa exhorte les Peuls au jihad. Lui-même peul, le chef de l'État a affirmé que les Peuls du Sénégal ne céderaient pas.",
    );
    expect(found.flatMap((s) => s.mentions)).not.toContain('country/sn');
  });
});
