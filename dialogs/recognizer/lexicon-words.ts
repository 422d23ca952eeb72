// The recognizer's vocabulary: English and German words and phrases, each mapped to a concept
// the intent rules reason about. Entries are written naturally (umlauts, hyphens); the lexicon
// folds them the same way chat text is folded. Comma-separated; an entry with spaces is a phrase.
// Words tagged with a language drive reply-language detection; loanwords both languages use
// ("Status", "Job", "Rollback") are left neutral.

export const CONCEPTS = [
  'help', 'list', 'overview', 'status', 'site', 'sites', 'user', 'group', 'confdir', 'apps',
  'move', 'moved', 'back', 'rollback', 'lync', 'ocs', 'pool', 'to', 'from', 'prep',
  'dryRun', 'force', 'coex', 'test', 'verify', 'decommission', 'decommissioned',
  'job', 'cancel', 'retry', 'failed', 'confirm', 'reject', 'proposal', 'history',
  'me', 'where', 'question', 'running', 'start', 'migration', 'last', 'filler', 'word',
] as const;
export type Concept = (typeof CONCEPTS)[number];
export type Lang = 'en' | 'de';

export type LexiconEntry = [Concept, Lang | null, string];

export const ENTRIES: LexiconEntry[] = [
  // help
  ['help', 'en', 'help, helpme, commands, command list, usage, manual, howto, how to, instructions, guide, tutorial, menu, what can you do, what can i do, what do you do, what can i ask, what can i say, what can the bot do, what can this bot do, what does this bot do, what can lyncops do, what is this bot, how does this work, how does it work, how do i, how can i, what are the commands, what commands, available commands, list commands, show commands, show help, getting started'],
  ['help', 'de', 'hilfe, hilf, helfen, befehle, befehl, befehlsliste, kommandos, anleitung, bedienung, bedienungsanleitung, was kannst du, was kannst du alles, was kann ich, was kann ich tun, was kann der bot, was kann lyncops, was kann dieser bot, was machst du, wie funktioniert das, wie funktionierst du, wie geht das, wie kann ich, welche befehle, welche befehle gibt es, zeige befehle'],
  // listing and overview
  ['list', 'en', 'list, show, display, view, print, enumerate, see, give, tell, which, show me, tell me, give me, let me see, let me know, i want to see, can i see, get me, get'],
  ['list', 'de', 'zeige, zeig, zeigen, zeigt, anzeigen, liste, listen, auflisten, nenne, nenn, nennen, gib, welche, welcher, welches, welchen, zeige mir, zeig mir, zeig mal, gib mir, sag mir, sage mir, nenne mir, was für, auflistung'],
  ['overview', 'en', 'overview, summary, dashboard, big picture, overall, landscape'],
  ['overview', 'de', 'übersicht, überblick, zusammenfassung, gesamtstatus, gesamtübersicht, gesamtüberblick, lagebild'],
  // status
  ['status', null, 'status, info, infos, details, detail, phase, report'],
  ['status', 'en', 'state, progress, health, stage, situation, information, doing, going, looking, how is, how s, hows, how are, how far, how far along, what s up with, what is up with, where are we, where do we stand, condition, standing, update on'],
  ['status', 'de', 'zustand, stand, fortschritt, lage, bericht, statusbericht, sachstand, auskunft, informationen, wie steht es um, wie steht es mit, wie steht es, wie steht, wie sieht es aus mit, wie sieht es aus, wie sieht es mit, wie sieht, wie läuft es in, wie läuft es, wie läuft, wie geht es, wie weit ist, wie weit, wie ist der stand, wie ist, wo stehen wir, wie weit sind wir'],
  // subjects
  ['site', 'en', 'site, location, office, branch, campus, site called, site named'],
  ['site', 'de', 'standort, standorts, niederlassung, filiale, lokation, ort'],
  ['sites', 'en', 'sites, locations, offices, branches, all sites'],
  ['sites', 'de', 'standorte, standorten, niederlassungen, filialen, orte, alle standorte'],
  ['user', 'en', 'user, users, account, accounts, person, people, employee, employees, member, members, colleague, colleagues, sip address, everyone, everybody, all users'],
  ['user', 'de', 'benutzer, benutzern, benutzers, benutzerin, nutzer, nutzern, nutzers, anwender, anwendern, konto, konten, kollege, kollegin, kollegen, mitarbeiter, mitarbeiterin, mitarbeitern, mitarbeitende, personen, teilnehmer, jeder, jeden, alle benutzer, alle nutzer, alle mitarbeiter'],
  ['group', 'en', 'group, groups, team, teams, department, departments, dept, distribution group, security group, group called, group named'],
  ['group', 'de', 'gruppe, gruppen, abteilung, abteilungen, verteiler, verteilerliste, gruppe namens'],
  ['confdir', 'en', 'conference directories, conference directory, conferencing directories, conferencing directory, conf directories, conf directory, conf dirs, conf dir, confdir, confdirs, conference dirs, conference dir, meeting directories, meeting directory, directories, directory'],
  ['confdir', 'de', 'konferenzverzeichnis, konferenzverzeichnisse, konferenzverzeichnissen, konferenzverzeichnisses, konferenz verzeichnisse, konferenz verzeichnis, besprechungsverzeichnisse, besprechungsverzeichnis, verzeichnisse, verzeichnis, verzeichnissen'],
  ['apps', null, 'apps, app, rgs, endpoints, endpoint'],
  ['apps', 'en', 'applications, application, application endpoints, application endpoint, app endpoints, response groups, response group, dial in numbers, dial in access numbers, access numbers, contact objects, trusted applications'],
  ['apps', 'de', 'anwendungen, anwendung, anwendungsendpunkte, anwendungsendpunkten, anwendungsendpunkt, endpunkte, endpunkten, endpunkt, reaktionsgruppen, reaktionsgruppe, antwortgruppen, einwahlnummern, einwahlnummer, applikationen, applikation, kontaktobjekte'],
  // moving
  ['move', null, 'upgrade, upgraden'],
  ['move', 'en', 'move, moves, moving, migrate, migrates, migrating, upgrades, upgrading, transfer, transferring, shift, bring, switch, cut over, cutover, convert, put, roll, roll out, rollout, promote, relocate, onboard, port, carry over, bring over, move over'],
  ['move', 'de', 'verschiebe, verschieben, verschieb, verschiebt, verschiebst, verschiebung, migriere, migrieren, migrier, umziehen, ziehe, zieh, ziehen, umstellen, stelle, stell, stellt, überführe, überführen, übertrage, übertragen, hebe, heben, anheben, bringe, bringen, setze, setzen, setz, schiebe, schieben, verlege, verlegen, umzuziehen, umzustellen, zu verschieben, zu migrieren, wechseln, wechsle, wechsel, wechsele, portieren, rüberziehen, rüberschieben'],
  ['moved', 'en', 'migrated, moved, upgraded, transferred, switched, converted, rolled back, relocated, done, finished, completed'],
  ['moved', 'de', 'migriert, verschoben, umgezogen, umgestellt, überführt, gewechselt, umgesetzt, zurückgesetzt, fertig, erledigt, abgeschlossen'],
  ['back', 'en', 'back, back again'],
  ['back', 'de', 'zurück, retour, rück'],
  ['rollback', null, 'rollback, downgrade, downgraden, fallback'],
  ['rollback', 'en', 'roll back, revert, reverting, undo, downgrading, fall back, move back'],
  ['rollback', 'de', 'rückgängig, rückgängig machen, zurücksetzen, zurückholen, zurückrollen, zurückverschieben, zurückverlegen, zurückführen, zurückmigrieren, zurückstellen, zurückbringen, zurückschieben, zurückziehen, rückmigration, rückführung, rückabwicklung, rückabwickeln, zurückzusetzen, zurückzuverschieben'],
  ['lync', null, 'lync, lync 2013, lync server 2013, lync server, lync pool, lync 2013 pool, lync server pool, lync2013'],
  ['lync', 'en', 'new pool, new server, new system, new platform'],
  ['lync', 'de', 'neuen pool, neue pool, neuer pool, neues system, neue system, neuen system, neuen server, neue plattform'],
  ['ocs', null, 'ocs, ocs 2007, ocs 2007 r2, ocs r2, 2007 r2, r2, office communications server, office communications server 2007, office communications server 2007 r2, communications server, communicator, ocs pool, legacy pool'],
  ['ocs', 'en', 'legacy, old pool, old server, old system, the old one, legacy system'],
  ['ocs', 'de', 'alten pool, alte pool, alter pool, altes system, alten system, alte system, alten server, altsystem'],
  ['pool', null, 'pool, pools, server, servers, front end, frontend, front ends, registrar'],
  ['to', 'en', 'to, into, onto, towards, over to'],
  ['to', 'de', 'nach, auf, zu, zum, zur, rüber auf, rüber nach, hin zu'],
  ['from', 'en', 'from, off, away from'],
  ['prep', null, 'in, am'],
  ['prep', 'en', 'of, at, for, on, about, regarding, within'],
  ['prep', 'de', 'von, vom, für, bei, im, über, betreffend, bezüglich, innerhalb'],
  // dry runs and force
  ['dryRun', null, 'simulation, whatif, dryrun, testrun'],
  ['dryRun', 'en', 'what if, what if i, what if we, what would happen, what would happen if, what happens if, what happens when, dry run, simulate, simulating, simulated, preview, previewing, test run, trial run, rehearsal, plan only, just plan, without executing, hypothetically, pretend'],
  ['dryRun', 'de', 'was wäre wenn, was wäre, was passiert wenn, was würde passieren, was würde passieren wenn, probelauf, testlauf, trockenlauf, simulieren, simuliere, simuliert, nur simulieren, vorschau, probeweise, testweise, zur probe, als test, nur planen, planspiel'],
  ['force', 'en', 'force, forced, forcing, forcefully, forcibly, anyway, anyways, override, overriding, regardless, ignore gates, ignore the gates, no matter what'],
  ['force', 'de', 'erzwingen, erzwinge, erzwungen, erzwing, trotzdem, dennoch, auf jeden fall, mit gewalt, gewaltsam, übersteuern, übersteuere'],
  // coexistence and checks
  ['coex', null, 'interop, koexistenz, coex'],
  ['coex', 'en', 'coexistence, coexist, coexisting, co existence, interoperability, interoperation, coexistence test, coexistence tests, interop test, interop tests'],
  ['coex', 'de', 'koexistenztest, koexistenztests, koexistenzprüfung, koexistenztesten, interoperabilität, zusammenspiel'],
  ['test', null, 'test, tests, testing, health check, health checks'],
  ['test', 'de', 'teste, testen, testet'],
  ['verify', 'en', 'check, checks, checking, verify, verification, validate, validation, make sure'],
  ['verify', 'de', 'prüfen, prüfe, prüf, überprüfen, überprüfe, prüfung, überprüfung, validieren, validiere, kontrollieren, kontrolliere, checken, checke'],
  // decommissioning
  ['decommission', 'en', 'decommission, decommissioning, decom, decomm, retire, retiring, retirement, shut down, shutdown, tear down, teardown, take down, switch off, turn off, power off, dismantle, remove, removal, deprovision, sunset, get rid of, wind down, phase out, uninstall, take offline, take out of service, out of service, out of operation'],
  ['decommission', 'de', 'stilllegen, stillegen, stilllege, stillege, stilllegung, abbauen, baue, abbau, rückbauen, rückbau, abschalten, außer betrieb nehmen, außer betrieb, außerbetriebnahme, außer dienst stellen, außer dienst, ausmustern, entfernen, entferne, abkündigen, herunterfahren, runterfahren, deinstallieren, stillzulegen, abzuschalten'],
  ['decommissioned', 'en', 'decommissioned, retired, removed, dismantled, uninstalled'],
  ['decommissioned', 'de', 'stillgelegt, abgebaut, abgeschaltet, entfernt, ausgemustert, rückgebaut'],
  // jobs and proposals
  ['job', null, 'job, jobs, batch, batches, job list, jobliste, job id, jobid, job number, jobnummer'],
  ['job', 'en', 'task, tasks, operation, operations, migration job, migration jobs'],
  ['job', 'de', 'auftrag, aufträge, auftrags, aufträgen, auftragsnummer, auftragsliste, aufgabe, aufgaben, vorgang, vorgänge, vorgangs'],
  ['cancel', 'en', 'cancel, cancelled, canceled, cancellation, stop, abort, halt, kill, terminate, call off'],
  ['cancel', 'de', 'abbrechen, brich, breche, abbruch, stoppen, stoppe, stopp, anhalten, halte, beenden, beende, stornieren, storniere, brich ab, breche ab, halte an'],
  ['retry', 'en', 'retry, retries, re try, rerun, re run, run again, restart, resume, repeat, redo, requeue, re queue, again, try again'],
  ['retry', 'de', 'wiederholen, wiederhole, erneut, nochmal, noch mal, noch einmal, nochmals, neustarten, neu starten, neustart, wiederaufnehmen, fortsetzen, setze fort'],
  ['failed', 'en', 'failed, failures, failure, errors, error, failed items, broken'],
  ['failed', 'de', 'fehlgeschlagen, fehlgeschlagene, fehlgeschlagenen, fehler, fehlerhafte, fehlerhaften, gescheiterte, gescheiterten'],
  ['confirm', 'en', 'confirm, approve, accept, go ahead, proceed, yes do it, sign off'],
  ['confirm', 'de', 'bestätige, bestätigen, genehmige, genehmigen, freigeben, gib frei, akzeptiere, akzeptieren, zustimmen, stimme zu, annehmen, nimm an'],
  ['reject', 'en', 'reject, decline, deny, refuse, discard, dismiss, throw away, turn down'],
  ['reject', 'de', 'ablehnen, lehne, lehne ab, verwerfen, verwirf, verwerfe, zurückweisen, weise zurück, abweisen'],
  ['proposal', 'en', 'proposal, proposals, request, change request, confirmation, approval'],
  ['proposal', 'de', 'vorschlag, vorschläge, anfrage, antrag, bestätigung, genehmigung, freigabe'],
  // history
  ['history', null, 'audit, log, logs, audit log, audit trail, journal, timeline, changelog'],
  ['history', 'en', 'history, logbook, events, event, changes, activity, activities, happened, what happened, what has happened, what was done, recent changes, recent activity, actions, what was changed, who did what'],
  ['history', 'de', 'verlauf, protokoll, protokolle, historie, chronik, ereignisse, ereignis, änderungen, aktivitäten, passiert, geschehen, was ist passiert, was wurde gemacht, logbuch, änderungsprotokoll, auditprotokoll, änderung, aktionen, wer hat was gemacht'],
  // the caller
  ['me', 'en', 'i, me, my, mine, myself, my account, i m, am i'],
  ['me', 'de', 'ich, mich, mir, mein, meine, meinen, meinem, meiner, meines, mein konto, bin ich'],
  ['where', 'en', 'where, which pool, home pool, homed, located, hosted, registered, home server'],
  ['where', 'de', 'wo, liegt, liege, registriert, beheimatet, gehostet, heimatpool, welchem pool, welcher pool'],
  ['question', null, 'was'],
  ['question', 'en', 'is, are, were, has, have, had, did, does, do, yet, already, whether, isn t'],
  ['question', 'de', 'ist, sind, bin, bist, hat, haben, hast, wurde, wurden, wurdest, war, waren, schon, bereits, ob, noch'],
  ['running', 'en', 'running, active, queued, pending, ongoing, in progress, currently running, open, unfinished, still running'],
  ['running', 'de', 'laufend, laufende, laufenden, läuft, laufen, aktiv, aktive, aktiven, offen, offene, offenen, wartend, wartende, unerledigte, in bearbeitung, was läuft, was läuft gerade'],
  ['start', null, 'start, starte, starten'],
  ['start', 'en', 'begin, run, execute, launch, kick off, trigger, perform, initiate, go, do it'],
  ['start', 'de', 'startet, beginne, beginnen, führe, führen, ausführen, führe aus, durchführen, führe durch, mache, mach, machen, laufen lassen, lass laufen, anstoßen'],
  ['migration', null, 'migration, migrations'],
  ['migration', 'de', 'umstellung, umzug, migrationen'],
  ['last', 'en', 'last, latest, recent, previous, top'],
  ['last', 'de', 'letzte, letzten, letzter, neueste, neuesten, vorherige'],
  // politeness, addressing and filler
  ['filler', null, 'ok, okay, hi, lyncops, lync ops, bot, hey'],
  ['filler', 'en', 'please, pls, plz, kindly, now, just, right now, quickly, asap, can you, could you, would you, will you, can u, i want to, i would like to, i d like to, i need to, i need you to, let s, lets, go ahead and, hello, yo, thanks, thank you, cheers'],
  ['filler', 'de', 'bitte, mal, doch, jetzt, sofort, gleich, eben, einfach, kurz, gerne, gern, kannst du, könntest du, würdest du, kannst du bitte, ich möchte, ich will, ich würde gerne, ich hätte gerne, lass uns, lasst uns, hallo, guten morgen, guten tag, danke, vielen dank, servus, moin, nun, endlich'],
  // common words that carry no meaning here (known, so never fuzzed or taken for names)
  ['word', null, 'an, so, man, also, will, o, s, m, t, re, ve, ll, d, nr, id, no, ja'],
  ['word', 'en', 'the, a, what, this, that, these, those, it, its, and, or, but, if, then, than, with, without, by, as, be, been, being, some, any, all, every, each, everything, there, here, up, out, over, too, very, not, yes, can, could, would, should, shall, may, might, must, you, your, we, our, us, they, them, their, he, she, him, her, his, who, whom, whose, how, why, when, know, want, like, need, let, old, new, one, ones, still, items, item, entries, entry, number, things, thing, stuff, something, make, made, happen, happens, today, yesterday, week, called, named, whole, entire, project, please do, everything in, right, correct, look, see if, find out, tell if, wonder, wondering, sure, maybe, should i, got, gets, whats, well, dear, via, using, use, mailbox, sip, current, currently, good, nice, fine, time, soon, there yet, many, much, left, remaining, how many, how much, talk'],
  ['word', 'de', 'der, die, das, den, dem, des, ein, eine, einen, einem, einer, eines, und, oder, aber, wenn, dann, als, wie, mit, ohne, durch, um, aus, es, er, sie, wir, uns, ihr, ihre, ihren, du, dich, dir, dein, deine, nicht, kein, keine, nein, auch, sehr, alle, allen, aller, alles, jede, jedes, gesamten, ganze, ganzen, hier, da, dort, gerade, aktuell, aktuelle, aktuellen, wer, wen, wem, warum, wann, weiß, wissen, möchte, hätte, soll, sollen, kann, können, muss, müssen, darf, einmal, gibt, gibt es, es gibt, sein, seine, ihm, ihn, dass, etwa, elemente, einträge, nummer, stück, heute, gestern, woche, namens, genannt, projekt, projekts, system, bitte schön, sag, sage, mal sehen, gut, eigentlich, denn, jetzt schon, sind wir, ab, ran, rein, raus, hin, wieder, neu, alt, neuen, alte, alten, postfach, damit, dazu, davon, dabei, jemand, etwas, nichts, richtig, wirklich, viele, wieviele, übrig, verbleibend, verbleibende, restliche, restlichen, reden, sprechen'],
];
