// The app's own store texts (name and descriptions) in the manifest's default language (English)
// and in German for de-de.json; the command menu texts come from the command registry instead.

export interface AppTexts {
  nameShort: string;
  nameFull: string;
  descriptionShort: string;
  descriptionFull: string;
}

export const APP_TEXTS: { en: AppTexts; de: AppTexts } = {
  en: {
    nameShort: 'LyncOps',
    nameFull: 'LyncOps: OCS 2007 R2 to Lync Server 2013 migration',
    descriptionShort: 'Run the side-by-side OCS 2007 R2 to Lync Server 2013 migration from chat',
    descriptionFull:
      'LyncOps runs the side-by-side migration from Office Communications Server (OCS) 2007 R2 to Lync Server 2013 ' +
      'from Teams chat. Administrators ask for the status of a site, run coexistence tests, move the pilot group, ' +
      'whole sites, conference directories and application endpoints to the new Lync Server 2013 pool, roll users ' +
      'back to their OCS pool and decommission emptied legacy pools. Every step with side effects is planned first ' +
      'and only runs after it was confirmed on a card; gates (coexistence tested, pilot before production, empty ' +
      'pool before decommission) say what is missing. Progress is reported on the same card, every change is ' +
      'recorded in the audit history, and pilot users can ask whether they have been migrated. ' +
      'Commands are understood in English and German.',
  },
  de: {
    nameShort: 'LyncOps',
    nameFull: 'LyncOps: Migration von OCS 2007 R2 nach Lync Server 2013',
    descriptionShort: 'Parallelmigration von OCS 2007 R2 nach Lync Server 2013 aus dem Chat steuern',
    descriptionFull:
      'LyncOps steuert die Parallelmigration von Office Communications Server (OCS) 2007 R2 nach Lync Server 2013 ' +
      'aus dem Teams-Chat. Administratoren fragen den Status eines Standorts ab, starten Koexistenztests, ' +
      'verschieben die Pilotgruppe, ganze Standorte, Konferenzverzeichnisse und Anwendungsendpunkte in den neuen ' +
      'Lync Server 2013-Pool, holen Benutzer in ihren OCS-Pool zurück und legen geleerte Altpools still. Jeder ' +
      'Schritt mit Auswirkungen wird zuerst geplant und läuft erst nach der Bestätigung auf einer Karte; ' +
      'Voraussetzungen (Koexistenz getestet, Pilot vor Produktion, leerer Pool vor der Stilllegung) nennen, was ' +
      'noch fehlt. Der Fortschritt erscheint auf derselben Karte, jede Änderung wird im Verlauf protokolliert, ' +
      'und Pilotbenutzer können fragen, ob sie schon migriert sind. Befehle werden auf Deutsch und Englisch verstanden.',
  },
};
