"""Demo content for Kennispunt, the knowledge centre for Dutch local political parties.

All user-facing strings are in Dutch. The data is fictional (parties, people, trainings)
but placed in real municipalities, identified by their CBS code ("GM" + 4 digits).

Search-test notes (other code relies on these properties, keep them intact when editing):

* Designated articles that contain the word "verkiezingen" but never the singular
  "verkiezing" (every occurrence of "verkiezing" in title, summary and body is followed by
  "en", so also no compounds like "verkiezingsprogramma"):
  ``leden-werven-het-hele-jaar-door``, ``sociale-media-voor-lokale-partijen`` and
  ``de-algemene-ledenvergadering-voorbereiden``.
  Other articles that happen to have the same property: ``het-partijbestuur-wie-doet-wat``,
  ``kandidatenlijst-inleveren``, ``kandidaten-screenen``,
  ``fractieondersteuning-wat-mag-wel-en-niet``, ``kandidaat-wethouder-vog-en-risicoanalyse``
  and the draft ``oppositie-voeren-met-impact``.
* Designated article that contains "campagne" (singular) but never "campagnes":
  ``campagne-voeren-met-een-klein-budget``. No article contains "campagnes" at all.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoTopic:
    slug: str  # e.g. "partij-oprichten"
    name: str  # e.g. "Partij oprichten"
    description: str  # one or two sentences


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    topic: str  # a DemoTopic.slug
    summary: str  # 1-2 sentences, max 300 chars
    body: str  # Markdown, 350-700 words
    published_days_ago: int | None  # None = still a draft
    archived: bool = False


@dataclass(frozen=True)
class DemoParty:
    slug: str
    name: str
    municipality_code: str  # CBS code "GM" + 4 digits
    seats: int | None  # seats in the municipal council (None if unknown)
    website: str | None  # placeholder URLs only
    description: str  # 2-3 sentences
    founded: str  # ISO date "YYYY-MM-DD"


@dataclass(frozen=True)
class DemoMembership:
    party: str  # DemoParty.slug
    role: str  # CHAIR SECRETARY TREASURER BOARD_MEMBER COUNCIL_MEMBER ALDERMAN CANDIDATE MEMBER
    status: str  # PENDING VERIFIED REVOKED


@dataclass(frozen=True)
class DemoUser:
    email: str  # all @example.org
    display_name: str
    roles: tuple[str, ...] = ()  # subset of EDITOR HELPDESK MODERATOR ADMIN
    memberships: tuple[DemoMembership, ...] = ()


@dataclass(frozen=True)
class DemoSession:
    days_from_today: int  # negative = in the past
    start: str  # "19:30" local Dutch time
    minutes: int  # duration


@dataclass(frozen=True)
class DemoTraining:
    slug: str
    title: str
    summary: str  # 1-2 sentences
    description: str  # Markdown, 100-250 words
    topic: str  # a DemoTopic.slug
    format: str  # IN_PERSON ONLINE E_LEARNING
    location: str | None  # address/city, "Online (Zoom)" or None for E_LEARNING
    sessions: tuple[DemoSession, ...]  # 1 for a single event, 2-5 for a course
    capacity: int
    deadline_days_before: int  # registration closes this many days before the first session
    registrations: tuple[str, ...] = ()  # DemoUser.emails, in registration order
    published: bool = True


# Allowed enum values (mirrors the choices used by the application models).
MEMBERSHIP_ROLES: tuple[str, ...] = (
    "CHAIR",
    "SECRETARY",
    "TREASURER",
    "BOARD_MEMBER",
    "COUNCIL_MEMBER",
    "ALDERMAN",
    "CANDIDATE",
    "MEMBER",
)
MEMBERSHIP_STATUSES: tuple[str, ...] = ("PENDING", "VERIFIED", "REVOKED")
STAFF_ROLES: tuple[str, ...] = ("EDITOR", "HELPDESK", "MODERATOR", "ADMIN")
TRAINING_FORMATS: tuple[str, ...] = ("IN_PERSON", "ONLINE", "E_LEARNING")


def _md(block: str) -> str:
    """Remove the common leading indentation of a triple-quoted block (like textwrap.dedent)."""
    lines = block.strip("\n").splitlines()
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return "\n".join(line[cut:] if line.strip() else "" for line in lines).rstrip()


# ---------------------------------------------------------------------------
# Topics
# ---------------------------------------------------------------------------

TOPICS: tuple[DemoTopic, ...] = (
    DemoTopic(
        slug="partij-oprichten",
        name="Partij oprichten",
        description=(
            "Van idee tot vereniging met statuten bij de notaris, inschrijving bij de KvK "
            "en een geregistreerde aanduiding bij het centraal stembureau."
        ),
    ),
    DemoTopic(
        slug="bestuur-en-organisatie",
        name="Bestuur en organisatie",
        description=(
            "Alles over het partijbestuur, de algemene ledenvergadering, de ledenadministratie "
            "en het goed regelen van de vereniging."
        ),
    ),
    DemoTopic(
        slug="campagne-voeren",
        name="Campagne voeren",
        description=(
            "Praktische handvatten om met weinig geld en veel vrijwilligers zichtbaar te zijn "
            "in de aanloop naar de gemeenteraadsverkiezingen."
        ),
    ),
    DemoTopic(
        slug="kandidatenlijst",
        name="Kandidatenlijst",
        description=(
            "Kandidaten selecteren, de lijst samenstellen en foutloos inleveren, inclusief "
            "ondersteuningsverklaringen en waarborgsom."
        ),
    ),
    DemoTopic(
        slug="verkiezingsprogramma",
        name="Verkiezingsprogramma",
        description=(
            "Hoe schrijft u een lokaal programma dat herkenbaar, haalbaar en goed leesbaar is? "
            "Tips voor het proces en de inhoud."
        ),
    ),
    DemoTopic(
        slug="leden-en-vrijwilligers",
        name="Leden en vrijwilligers",
        description=(
            "Nieuwe leden werven, vrijwilligers vinden en iedereen betrokken houden, ook "
            "tussen twee raadsperiodes in."
        ),
    ),
    DemoTopic(
        slug="integriteit",
        name="Integriteit",
        description=(
            "Screening van kandidaten, de VOG, de risicoanalyse voor kandidaat-wethouders en "
            "het omgaan met nevenfuncties en belangen."
        ),
    ),
    DemoTopic(
        slug="financien",
        name="Financiën",
        description=(
            "Contributie, giften, begroting en jaarrekening, de kascommissie en het "
            "verantwoorden van de fractieondersteuning."
        ),
    ),
    DemoTopic(
        slug="raadswerk-en-coalitievorming",
        name="Raadswerk en coalitievorming",
        description=(
            "Werken in de gemeenteraad, de instrumenten van een raadslid en onderhandelen "
            "over een coalitieakkoord."
        ),
    ),
    DemoTopic(
        slug="communicatie",
        name="Communicatie",
        description=(
            "Website, sociale media, persberichten en contact met inwoners: zo vertelt uw "
            "partij haar verhaal."
        ),
    ),
)


# ---------------------------------------------------------------------------
# Articles
# ---------------------------------------------------------------------------

ARTICLES: tuple[DemoArticle, ...] = (
    DemoArticle(
        slug="partij-oprichten-en-naam-registreren",
        title="Een lokale partij oprichten en de naam laten registreren",
        topic="partij-oprichten",
        summary=(
            "Van eerste idee tot naam op het stembiljet: zo richt u een lokale partij op en "
            "laat u de aanduiding registreren bij het centraal stembureau van uw gemeente."
        ),
        body=_md(
            """
            ## Waarom een vereniging?

            Wilt u met een eigen partijnaam meedoen aan de gemeenteraadsverkiezingen, dan heeft
            u een rechtsvorm nodig. De Kieswet bepaalt dat alleen een **vereniging met volledige
            rechtsbevoegdheid** een aanduiding kan laten registreren. Dat betekent dat de statuten
            zijn vastgelegd in een notariële akte. Een stichting of een informele vereniging
            (zonder notariële statuten) volstaat dus niet.

            Zonder geregistreerde aanduiding kunt u nog steeds een kandidatenlijst inleveren, maar
            dan staat er geen partijnaam boven uw lijst. Kiezers zien dan alleen de namen van de
            kandidaten. Voor herkenbaarheid is registratie dus vrijwel onmisbaar.

            ## Stap 1: statuten en oprichting

            Begin met een kleine groep initiatiefnemers die samen de koers en de naam bepalen.
            Laat daarna een notaris de statuten opstellen. Zorg dat daarin in elk geval staat:

            - de naam en de zetel van de vereniging, in de gemeente waar u meedoet;
            - het doel, bijvoorbeeld deelname aan de verkiezingen voor de gemeenteraad;
            - regels over lidmaatschap, contributie en opzegging;
            - hoe het bestuur wordt benoemd en ontslagen;
            - de bevoegdheden van de algemene ledenvergadering (ALV), zoals het vaststellen van
              de kandidatenlijst en het verkiezingsprogramma.

            Praktische zaken die vaker veranderen, zoals de procedure voor kandidaatstelling,
            kunt u beter in een **huishoudelijk reglement** zetten. Dat past de ALV zelf aan,
            zonder tussenkomst van de notaris.

            Na het passeren van de akte wordt de vereniging ingeschreven in het Handelsregister.
            Vaak regelt de notaris dat, maar controleer het uittreksel altijd zelf. Meer
            informatie vindt u op [kvk.nl](https://www.kvk.nl).

            ## Stap 2: de aanduiding kiezen

            De aanduiding is de naam die boven uw lijst op het stembiljet komt. Let op:

            - de aanduiding mag **maximaal 35 tekens** lang zijn;
            - ze mag niet te veel lijken op de aanduiding van een andere partij en mag niet
              misleidend zijn;
            - een plaatsnaam in de naam helpt kiezers om te zien dat u een lokale partij bent.

            ## Stap 3: het verzoek indienen

            Het verzoek tot registratie dient u in bij het **centraal stembureau** van uw gemeente;
            meestal loopt dat via de afdeling verkiezingen. Voeg in elk geval toe:

            1. een afschrift van de notariële akte met de statuten;
            2. een recent uittreksel uit het Handelsregister van de KvK;
            3. de naam en het adres van de gemachtigde en de plaatsvervangend gemachtigde;
            4. het bewijs dat de wettelijk vastgestelde registratiekosten zijn betaald.

            Het verzoek moet uiterlijk op de **43e dag vóór de dag van kandidaatstelling** binnen
            zijn. Reken dus op ongeveer drie maanden vóór de verkiezingsdag en begin liever eerder:
            de notaris en de KvK hebben ook tijd nodig. De Kiesraad publiceert per verkiezing de
            precieze data op [kiesraad.nl](https://www.kiesraad.nl).

            Het centraal stembureau beslist over het verzoek. Bent u het niet eens met de
            beslissing, dan kunt u in beroep gaan bij de Afdeling bestuursrechtspraak van de Raad
            van State. Die termijnen zijn kort, dus reageer direct.

            ## Na de registratie

            Bij het inleveren van de kandidatenlijst verklaart de gemachtigde dat de aanduiding
            boven uw lijst mag staan. Bewaar de gegevens van de gemachtigde dus goed en houd ze
            actueel. Een geregistreerde aanduiding blijft in principe staan voor volgende
            verkiezingen. Doet uw partij een keer niet mee, vraag dan bij de gemeente na of de
            registratie nog geldig is.
            """
        ),
        published_days_ago=210,
    ),
    DemoArticle(
        slug="het-partijbestuur-wie-doet-wat",
        title="Het partijbestuur: wie doet wat?",
        topic="bestuur-en-organisatie",
        summary=(
            "Voorzitter, secretaris, penningmeester en algemene bestuursleden: een overzicht van "
            "de taken in het bestuur van een lokale partij en de valkuilen die u kunt vermijden."
        ),
        body=_md(
            """
            ## Het bestuur draagt de vereniging

            Een lokale partij is in de regel een vereniging. Het bestuur is verantwoordelijk voor
            de vereniging als geheel: de financiën, de ledenadministratie, de organisatie van de
            algemene ledenvergadering (ALV) en de voorbereiding van de verkiezingen. De fractie in
            de gemeenteraad doet het politieke werk. Houd die rollen goed uit elkaar, ook als de
            groep actieve mensen klein is.

            ## De kernfuncties

            **De voorzitter** leidt het bestuur en de ALV, bewaakt de koers van de partij en is
            vaak het eerste aanspreekpunt voor de fractie. Een goede voorzitter zorgt dat
            besluiten op tijd en zorgvuldig worden genomen.

            **De secretaris** bereidt vergaderingen voor, maakt de notulen, beheert het archief
            en de ledenadministratie en zorgt dat wijzigingen in het bestuur worden doorgegeven
            aan de KvK. In veel partijen is de secretaris ook de gemachtigde richting het
            centraal stembureau.

            **De penningmeester** beheert de rekening, int de contributie, maakt de begroting en
            de jaarrekening en legt verantwoording af aan de kascommissie en de ALV.

            **Algemene bestuursleden** nemen vaak een portefeuille op zich, zoals ledenwerving,
            communicatie, scholing of de organisatie van de kandidaatstelling.

            ## Bestuur en fractie: één persoon, twee petten?

            In kleine partijen is de fractievoorzitter soms ook partijvoorzitter. Dat lijkt
            efficiënt, maar het maakt het lastig om de fractie kritisch te volgen. Het bestuur
            moet de fractie kunnen aanspreken, bijvoorbeeld bij een integriteitskwestie. Leg in
            het huishoudelijk reglement vast welke functies u liever niet combineert, of hoe u
            omgaat met een combinatie als het echt niet anders kan.

            ## Wet bestuur en toezicht rechtspersonen

            Sinds de Wet bestuur en toezicht rechtspersonen (WBTR) gelden er duidelijkere regels
            voor bestuurders van verenigingen. Een paar aandachtspunten:

            - een bestuurder met een **tegenstrijdig belang** neemt niet deel aan de
              besluitvorming over dat onderwerp;
            - leg vast wat er gebeurt als alle bestuurders tegelijk wegvallen;
            - een bestuurder die zijn taak ernstig verwijtbaar slecht uitvoert, kan persoonlijk
              aansprakelijk zijn. Een goede taakverdeling en heldere notulen beschermen u.

            Laat de statuten eens nalezen als ze al wat ouder zijn. Actuele informatie vindt u
            onder meer op [kvk.nl](https://www.kvk.nl).

            ## Praktische tips

            1. Maak een **rooster van aftreden**, zodat niet het hele bestuur tegelijk vertrekt.
            2. Zorg voor een vaste vervanger per functie; zeker de penningmeester en de
               secretaris zijn kwetsbaar.
            3. Vergader op vaste momenten en stuur stukken ruim van tevoren rond.
            4. Houd een overdrachtsdocument bij met wachtwoorden (veilig opgeslagen), contracten
               en belangrijke termijnen.
            5. Evalueer één keer per jaar hoe de samenwerking loopt, bij voorkeur niet vlak voor
               de verkiezingen.

            Een bestuur dat goed is georganiseerd, geeft de fractie de ruimte om zich op het
            raadswerk te richten.
            """
        ),
        published_days_ago=185,
    ),
    # Search test: contains "campagne" (singular) but never "campagnes".
    DemoArticle(
        slug="campagne-voeren-met-een-klein-budget",
        title="Campagne voeren met een klein budget",
        topic="campagne-voeren",
        summary=(
            "Een lokale partij heeft zelden een groot budget. Met een duidelijke planning, een "
            "herkenbaar verhaal en veel persoonlijk contact voert u toch een sterke campagne."
        ),
        body=_md(
            """
            ## Begin met een plan

            Een goede campagne begint maanden voor de verkiezingsdag, niet in de laatste weken.
            Stel een klein **campagneteam** samen met een campagneleider die de knopen doorhakt.
            Maak samen een eenvoudig campagneplan met daarin:

            - wat u wilt bereiken (bijvoorbeeld een extra zetel of de eerste zetel);
            - welke groepen kiezers u vooral wilt bereiken;
            - drie of vier kernboodschappen uit uw programma;
            - een planning per week en een begroting;
            - wie waarvoor verantwoordelijk is.

            ## Uw sterkste wapen: lokale bekendheid

            Landelijke partijen hebben meer geld, maar lokale partijen hebben iets wat zij vaak
            missen: kandidaten die iedereen kent van de sportclub, de school of de buurtvereniging.
            Zet dat in. Laat kandidaten vertellen waarom zij zich inzetten voor hun wijk of dorp.
            Een persoonlijk verhaal blijft beter hangen dan een algemene slogan.

            ## Goedkope middelen die werken

            **Deur-aan-deurgesprekken** zijn de meest effectieve vorm van campagne voeren. Kies
            wijken waar u veel kiezers kunt winnen, werk in tweetallen en houd het gesprek kort:
            stel een vraag, luister en laat een flyer achter.

            **Aanwezig zijn** op de markt, bij de supermarkt of bij lokale evenementen kost weinig
            en levert gesprekken op. Vraag vooraf na of u daarvoor toestemming nodig heeft.

            **Posters en borden**: veel gemeenten plaatsen in de verkiezingsperiode gratis
            aanplakborden. Wildplakken is meestal verboden en kan een boete opleveren. Kijk in de
            regels van uw gemeente wat is toegestaan, ook voor raambiljetten en spandoeken.

            **Lokale media**: de lokale omroep en de regionale krant zoeken nieuws. Stuur een kort
            persbericht bij een concrete actie en nodig journalisten uit.

            **Sociale media**: deel korte video's van kandidaten op locaties in de gemeente. Dat is
            gratis en vaak effectiever dan betaalde advertenties.

            ## Debatten en stemhulpen

            Doe mee aan lijsttrekkersdebatten, ook als ze op een lastig tijdstip zijn. Bereid de
            lijsttrekker voor met een oefendebat. Vul stemhulpen zorgvuldig en op tijd in: veel
            kiezers gebruiken ze om partijen te vergelijken.

            ## Geld slim besteden

            Een klein budget vraagt om keuzes. Besteed het grootste deel aan materiaal dat u
            persoonlijk uitdeelt, zoals flyers en een eenvoudige krant. Vraag een paar offertes
            aan bij lokale drukkers en bestel niet te veel. Houd alle uitgaven en giften netjes
            bij; de penningmeester moet achteraf verantwoording afleggen aan de leden.

            ## De laatste week

            In de laatste week draait alles om mobiliseren. Herinner uw eigen achterban eraan om
            te gaan stemmen, deel informatie over stembureaus en volmachten, en zorg dat alle
            kandidaten zichtbaar zijn. Plan ook alvast de avond van de uitslag: bedank iedereen
            die aan de campagne heeft meegewerkt, ongeacht het resultaat.

            Meer over de formele kant van de verkiezingen leest u op
            [kiesraad.nl](https://www.kiesraad.nl).
            """
        ),
        published_days_ago=120,
    ),
    DemoArticle(
        slug="kandidatenlijst-inleveren",
        title="De kandidatenlijst inleveren: ondersteuningsverklaringen en waarborgsom",
        topic="kandidatenlijst",
        summary=(
            "Op de dag van kandidaatstelling moet alles kloppen. Een overzicht van de stukken die "
            "u inlevert bij het centraal stembureau, met aandacht voor ondersteuningsverklaringen "
            "en de waarborgsom."
        ),
        body=_md(
            """
            ## De dag van kandidaatstelling

            De kandidatenlijst voor de gemeenteraad levert u in bij het **centraal stembureau** van
            uw gemeente. De dag van kandidaatstelling valt op de 44e dag vóór de dag van stemming.
            De lijst wordt persoonlijk ingeleverd door een inleveraar; opsturen per post of e-mail
            kan niet. Vaak kunt u de stukken ook al in de periode daarvoor inleveren. De gemeente
            maakt bekend waar en wanneer dat kan.

            ## Welke stukken heeft u nodig?

            De Kiesraad stelt modelformulieren beschikbaar die u moet gebruiken. De belangrijkste
            onderdelen zijn:

            - de **kandidatenlijst** zelf, met de kandidaten in de gewenste volgorde;
            - een **instemmingsverklaring** van iedere kandidaat, met een kopie van een geldig
              identiteitsbewijs;
            - een verklaring van de gemachtigde dat de geregistreerde **aanduiding** boven de
              lijst mag staan;
            - zo nodig de **ondersteuningsverklaringen** en het bewijs van betaling van de
              **waarborgsom**;
            - voor kandidaten zonder de Nederlandse nationaliteit: de aanvullende verklaringen die
              de Kieswet vraagt.

            Het aantal kandidaten op een lijst is aan een maximum gebonden, dat afhangt van de
            omvang van de gemeenteraad. Gebruik altijd de actuele formulieren en handleidingen
            van [kiesraad.nl](https://www.kiesraad.nl). De Kiesraad biedt ook software aan
            waarmee u de formulieren foutloos kunt invullen en printen.

            ## Ondersteuningsverklaringen

            Partijen die bij de vorige gemeenteraadsverkiezingen geen zetel hebben behaald, moeten
            laten zien dat er draagvlak is. Dat doen zij met ondersteuningsverklaringen van kiezers
            uit de gemeente. Afhankelijk van de grootte van de gemeenteraad gaat het om **10 tot 30
            verklaringen**.

            Let op de spelregels:

            1. een kiezer tekent de verklaring **in het gemeentehuis**, in het bijzijn van een
               ambtenaar, en neemt een identiteitsbewijs mee;
            2. dat kan alleen in de periode die de gemeente daarvoor bekendmaakt;
            3. een kiezer mag maar één lijst ondersteunen;
            4. de ondersteuner moet kiesgerechtigd zijn voor de raad van uw gemeente.

            Organiseer dit als een actie: maak afspraken met sympathisanten, geef duidelijke
            informatie over de openingstijden en verzamel liever een paar verklaringen te veel
            dan te weinig.

            ## De waarborgsom

            Ook de waarborgsom geldt voor partijen die bij de vorige verkiezingen geen zetel
            hebben gehaald. Voor de gemeenteraad gaat het om een bedrag van enkele honderden euro's;
            het actuele bedrag staat op de site van de Kiesraad. U krijgt de waarborgsom terug als
            uw lijst ten minste **75 procent van de kiesdeler** haalt.

            ## Na het inleveren

            Het centraal stembureau controleert alle lijsten. Worden er verzuimen gevonden, zoals
            een ontbrekende handtekening, dan krijgt u kort de tijd om die te herstellen. Daarna
            beslist het centraal stembureau in een openbare zitting over de geldigheid van de
            lijsten en de nummering. Partijen met zetels krijgen een nummer op volgorde van hun
            stemmenaantal bij de vorige verkiezingen; de andere lijsten worden genummerd door
            loting.

            ## Checklist

            - Controleer namen en voorletters van alle kandidaten met het identiteitsbewijs.
            - Laat twee mensen onafhankelijk van elkaar alle stukken nalopen.
            - Lever niet op het laatste moment in: dan is er geen tijd meer om iets te herstellen.
            """
        ),
        published_days_ago=95,
    ),
    DemoArticle(
        slug="een-verkiezingsprogramma-dat-gelezen-wordt",
        title="Een verkiezingsprogramma dat gelezen wordt",
        topic="verkiezingsprogramma",
        summary=(
            "Een lokaal verkiezingsprogramma is geen landelijk partijprogramma in het klein. "
            "Zo maakt u een programma dat concreet, haalbaar en herkenbaar is voor inwoners."
        ),
        body=_md(
            """
            ## Waarom een goed programma ertoe doet

            Het verkiezingsprogramma is de basis voor alles wat uw partij de komende vier jaar
            doet: de campagne, de onderhandelingen over een coalitieakkoord en het werk van de
            fractie. Een programma dat niemand leest, helpt u niet. Een programma dat inwoners
            herkennen als "dit gaat over mijn dorp of wijk", helpt u wel.

            ## Het proces

            Begin ruim een jaar voor de gemeenteraadsverkiezingen; de datum staat op
            [kiesraad.nl](https://www.kiesraad.nl). Een werkwijze die bij veel lokale partijen
            goed werkt:

            1. Het bestuur stelt een **programmacommissie** in met een heldere opdracht en
               planning.
            2. De commissie haalt input op bij leden, de fractie en inwoners, bijvoorbeeld via
               wijkavonden, gesprekken met verenigingen en een korte online vragenlijst.
            3. De commissie schrijft een concept en legt dat voor aan de leden.
            4. Leden kunnen **amendementen** indienen.
            5. De algemene ledenvergadering stelt het programma vast.

            Laat ook de fractie meelezen: zij weet welke dossiers lopen, wat er al is besloten en
            wat de financiële ruimte van de gemeente is.

            ## De inhoud

            Een lokaal programma gaat over zaken waar de gemeente zelf over gaat of invloed op
            heeft: wonen, jeugdzorg en Wmo, verkeer, openbare ruimte, sport, cultuur, veiligheid,
            afval en de lokale lasten. Denk bij elk onderwerp na over drie vragen:

            - Wat is het probleem, in woorden die inwoners gebruiken?
            - Wat wilt u concreet bereiken in de komende raadsperiode?
            - Hoe wordt het betaald, of waar wilt u geld vandaan halen?

            Vermijd beloften die de gemeente niet kan waarmaken, zoals zaken waarover het Rijk of
            de provincie beslist. Dat kost geloofwaardigheid, zeker als u later mee wilt besturen.

            ## Schrijftips

            - Schrijf in **begrijpelijke taal**. Laat een tekst eens lezen door iemand die niets met
              politiek heeft.
            - Gebruik korte hoofdstukken met per onderwerp drie tot vijf concrete standpunten.
            - Noem straten, wijken en voorzieningen bij naam; dat maakt het programma lokaal.
            - Maak naast het volledige programma een **korte versie** van één of twee pagina's voor
              de campagne.
            - Zorg dat het programma ook digitaal toegankelijk is, bijvoorbeeld als webpagina in
              plaats van alleen als pdf.

            ## Van programma naar coalitieakkoord

            Bepaal bij het vaststellen van het programma al welke punten voor uw partij het
            zwaarst wegen. Bij de onderhandelingen na de verkiezingen heeft u die prioriteiten
            hard nodig. Een programma met twintig topprioriteiten heeft in de praktijk geen
            prioriteiten.

            ## Na de verkiezingen

            Gebruik het programma als meetlat. Laat de fractie ieder jaar aan de leden vertellen
            wat er van de plannen terecht is gekomen. Dat houdt de fractie scherp en laat kiezers
            zien dat uw partij haar beloften serieus neemt.
            """
        ),
        published_days_ago=150,
    ),
    # Search test: contains "verkiezingen" but never the singular "verkiezing".
    DemoArticle(
        slug="leden-werven-het-hele-jaar-door",
        title="Leden werven: het hele jaar door",
        topic="leden-en-vrijwilligers",
        summary=(
            "Nieuwe leden komen niet vanzelf, en zeker niet alleen rond de verkiezingen. Met een "
            "vaste aanpak bouwt u aan een brede en betrokken achterban."
        ),
        body=_md(
            """
            ## Waarom leden zo belangrijk zijn

            Een lokale partij draait op haar leden. Zij betalen contributie, leveren kandidaten en
            vrijwilligers, denken mee over het programma en zijn ambassadeurs in hun buurt. Toch
            zien veel partijen hun ledental pas groeien vlak voor de gemeenteraadsverkiezingen,
            om daarna weer terug te zakken. Ledenwerving werkt het best als vast onderdeel van het
            partijleven, het hele jaar door.

            ## Wie wilt u bereiken?

            Kijk eerst naar de samenstelling van uw huidige leden. Zijn alle kernen en wijken
            vertegenwoordigd? Hoe zit het met jongeren, werkenden en nieuwe inwoners? Kies op basis
            daarvan twee of drie groepen waar u het komende jaar extra aandacht aan geeft.

            ## Praktische manieren om leden te werven

            - **Vraag het gewoon.** De meeste mensen worden lid omdat iemand het ze persoonlijk
              vraagt. Geef ieder bestuurslid en raadslid de opdracht om dit jaar drie mensen te
              benaderen.
            - **Maak lid worden makkelijk.** Een kort online formulier, een duidelijke contributie
              en een automatische bevestiging doen wonderen.
            - **Organiseer open bijeenkomsten** over een actueel lokaal onderwerp, zoals een
              nieuwbouwplan of de toekomst van het zwembad. Geïnteresseerden maken zo kennis met
              uw partij zonder direct lid te hoeven worden.
            - **Gebruik de fractie.** Laat raadsleden in hun nieuwsbrief en op sociale media
              vertellen waar zij mee bezig zijn en sluit af met een uitnodiging om lid te worden.
            - **Bied een proeflidmaatschap** aan, bijvoorbeeld een jaar tegen een lager tarief.

            ## Nieuwe leden welkom heten

            Werven is één, behouden is twee. Stuur nieuwe leden binnen een week een welkomstmail
            met praktische informatie: wie zit er in het bestuur, wanneer is de volgende
            ledenvergadering en hoe kunnen zij meedoen? Nog beter is een persoonlijk telefoontje of
            een kop koffie met een bestuurslid.

            Geef nieuwe leden daarnaast iets te doen dat bij hen past. Niet iedereen wil folders
            rondbrengen; de een schrijft graag, de ander kent de weg in de sportwereld of weet veel
            van de zorg. Vraag ernaar.

            ## Meten en bijhouden

            Houd in de ledenadministratie bij hoe nieuwe leden bij de partij zijn gekomen. Zo ziet
            u welke aanpak werkt. Ga wel zorgvuldig om met persoonsgegevens: een lidmaatschap van
            een politieke partij zegt iets over iemands politieke opvatting, en de AVG stelt daar
            extra eisen aan. Meer informatie vindt u op
            [autoriteitpersoonsgegevens.nl](https://www.autoriteitpersoonsgegevens.nl).

            ## Opzeggingen zijn ook informatie

            Vraag leden die opzeggen kort naar hun reden. Gaat het om geld, om onvrede over een
            besluit of om gebrek aan contact? Die antwoorden helpen u om beter te worden, ruim voor
            de volgende verkiezingen.
            """
        ),
        published_days_ago=60,
    ),
    DemoArticle(
        slug="kandidaten-screenen",
        title="Kandidaten screenen: integriteit begint bij de selectie",
        topic="integriteit",
        summary=(
            "Een integriteitsprobleem bij een raadslid raakt de hele partij. Met een zorgvuldige "
            "screening van kandidaten voorkomt u veel problemen, zonder van de selectie een "
            "verhoor te maken."
        ),
        body=_md(
            """
            ## Waarom screenen?

            Kiezers verwachten van volksvertegenwoordigers dat zij integer zijn. Komt er na de
            verkiezingen iets aan het licht over een raadslid, zoals verzwegen schulden, een
            belangenconflict of een strafrechtelijk verleden, dan is de schade voor uw partij
            groot. Bovendien is een raadszetel persoonlijk: een raadslid dat uit de partij stapt,
            neemt de zetel mee. Daarom is het verstandig om kandidaten vóór plaatsing op de lijst
            goed te leren kennen.

            ## Een vaste procedure

            Leg in het huishoudelijk reglement vast hoe de selectie verloopt. Een veelgebruikte
            aanpak:

            1. Het bestuur stelt een **profielschets** op voor raadsleden en een aparte voor
               kandidaat-wethouders.
            2. Een **selectiecommissie** (bij voorkeur met ten minste één lid van buiten het
               bestuur) voert de gesprekken.
            3. Iedere kandidaat vult een **integriteitsvragenlijst** in.
            4. De commissie voert een gesprek over de antwoorden en over lastige situaties.
            5. De commissie adviseert het bestuur; de ledenvergadering stelt de lijst vast.

            ## Wat komt aan bod?

            Bespreek in elk geval de volgende onderwerpen:

            - **nevenfuncties en belangen**, zoals een eigen bedrijf, vastgoed in de gemeente of
              bestuursfuncties bij verenigingen die subsidie ontvangen;
            - **onverenigbare functies**: de Gemeentewet bepaalt dat een raadslid bijvoorbeeld
              geen ambtenaar van dezelfde gemeente mag zijn;
            - de **financiële situatie**, waaronder schulden die iemand chantabel kunnen maken;
            - **justitiële antecedenten** en lopende procedures;
            - **gedrag op sociale media**: oude berichten kunnen opduiken zodra iemand kandidaat is;
            - de vraag of er iets is wat de partij nog moet weten.

            Nevenfuncties van raadsleden worden na de beëdiging openbaar gemaakt. Het is dus beter
            om ze vooraf te bespreken.

            ## De verklaring omtrent het gedrag (VOG)

            Voor raadsleden is een VOG wettelijk niet verplicht, maar steeds meer partijen vragen
            er wel om. De kandidaat vraagt de VOG zelf aan bij Justis; zie
            [justis.nl](https://www.justis.nl). Leg vooraf vast wat u doet als een kandidaat geen
            VOG krijgt of weigert die aan te vragen. Voor kandidaat-wethouders vragen veel
            gemeenten standaard om een VOG en een risicoanalyse integriteit.

            ## Zorgvuldig met gegevens

            De informatie die u tijdens de screening verzamelt is gevoelig. Gegevens over
            strafrechtelijke zaken vallen onder strenge regels van de AVG. Beperk daarom:

            - wie de antwoorden kan inzien (alleen de selectiecommissie);
            - hoe lang u ze bewaart (vernietig ze na de vaststelling van de lijst);
            - wat u vastlegt (schrijf conclusies op, geen uitgebreide dossiers).

            ## Het gesprek zelf

            Een screening is geen verhoor. Leg uit dat de partij iedere kandidaat dezelfde vragen
            stelt en dat het doel is om samen risico's te herkennen. Een kandidaat die open vertelt
            over een lastige situatie, is vaak beter voorbereid dan iemand die niets heeft
            nagedacht. Bespreek ook hoe de kandidaat zou handelen bij druk van buitenaf, zoals een
            bekende die om een gunst vraagt.
            """
        ),
        published_days_ago=45,
    ),
    DemoArticle(
        slug="contributie-giften-en-kascommissie",
        title="Geld in de partij: contributie, giften en de kascommissie",
        topic="financien",
        summary=(
            "Een gezonde partijkas begint bij heldere afspraken over contributie en giften, en "
            "eindigt bij een kascommissie die de jaarrekening kritisch controleert."
        ),
        body=_md(
            """
            ## Waar komt het geld vandaan?

            De meeste lokale partijen hebben drie inkomstenbronnen: **contributie** van leden,
            **giften** van leden en sympathisanten, en soms een **afdracht** van raadsleden en
            wethouders uit hun vergoeding. Geld dat de gemeente beschikbaar stelt als
            fractieondersteuning is géén partijgeld; daarover leest u meer in ons artikel over
            fractieondersteuning.

            ## Contributie

            De algemene ledenvergadering (ALV) stelt de hoogte van de contributie vast, meestal
            samen met de begroting. Houd het eenvoudig: één standaardbedrag en eventueel een
            verlaagd tarief voor jongeren of mensen met een laag inkomen. Int de contributie bij
            voorkeur via een automatische incasso; dat scheelt de penningmeester veel werk.

            ## Giften

            Giften zijn welkom, maar vragen om zorgvuldigheid. Stel als bestuur een **giftenbeleid**
            op en laat de ALV dat vaststellen. Leg daarin onder meer vast:

            - dat u alle giften registreert met naam, datum en bedrag;
            - tot welk bedrag u anonieme giften accepteert en wat u doet met giften daarboven;
            - dat u geen giften aanneemt waarbij de gever iets terugverwacht;
            - hoe u omgaat met giften van bedrijven, bijvoorbeeld van ondernemers die zaken doen
              met de gemeente;
            - of en hoe u grotere giften openbaar maakt.

            De wettelijke regels voor transparantie van giften zijn tot nu toe vooral gericht op
            landelijke partijen, maar er wordt gewerkt aan regels die ook voor lokale partijen
            gaan gelden. Wie nu al open is over zijn financiering, hoeft later weinig aan te passen
            en wint het vertrouwen van kiezers. Actuele informatie vindt u op
            [rijksoverheid.nl](https://www.rijksoverheid.nl).

            ## Begroting en jaarrekening

            De penningmeester maakt ieder jaar een begroting en een jaarrekening. In een
            verkiezingsjaar zijn de uitgaven veel hoger dan in andere jaren. Reserveer daarom
            jaarlijks een vast bedrag voor de campagne, zodat u niet in één keer alles bij elkaar
            hoeft te brengen. Gebruik een zakelijke rekening op naam van de vereniging en laat
            betalingen boven een bepaald bedrag door twee bestuursleden goedkeuren.

            ## De kascommissie

            De kascommissie controleert namens de leden de financiële administratie. De ALV
            benoemt de commissie, meestal twee leden en een reservelid, die zelf geen deel
            uitmaken van het bestuur. Goede praktijken:

            1. Laat commissieleden niet te lang aanblijven; een rooster van aftreden houdt de blik
               fris.
            2. De commissie controleert steekproefsgewijs bonnen, bankafschriften en de
               registratie van giften.
            3. De commissie kijkt ook naar de naleving van het giftenbeleid en de begroting.
            4. De bevindingen komen in een kort schriftelijk verslag voor de ALV.

            Op basis van dat verslag kan de ALV de jaarrekening vaststellen en het bestuur
            **décharge** verlenen voor het gevoerde financiële beleid.

            ## Tips voor de penningmeester

            - Bewaar alle bonnen digitaal en koppel ze aan de boekingen.
            - Stuur ieder kwartaal een kort overzicht naar het bestuur.
            - Zorg voor een tweede persoon die de administratie kan overnemen.
            - Houd partijgeld en fractiegeld strikt gescheiden, ook als dezelfde persoon beide
              beheert.
            """
        ),
        published_days_ago=30,
    ),
    DemoArticle(
        slug="onderhandelen-over-een-coalitieakkoord",
        title="Onderhandelen over een coalitieakkoord",
        topic="raadswerk-en-coalitievorming",
        summary=(
            "Na de uitslag begint het echte werk. Hoe bereidt een lokale partij zich voor op "
            "coalitieonderhandelingen, en wat hoort er in een goed coalitieakkoord?"
        ),
        body=_md(
            """
            ## Voorbereiden vóór de uitslag

            Coalitieonderhandelingen beginnen vaak al in de week na de gemeenteraadsverkiezingen.
            Wie dan nog moet nadenken over de inzet, loopt achter. Bespreek daarom vooraf met
            bestuur en fractie:

            - welke **drie tot vijf punten** uit het verkiezingsprogramma voor u het zwaarst wegen;
            - met welke partijen u kansrijk kunt samenwerken, en met welke niet;
            - wie namens de partij onderhandelt en wie de kandidaat-wethouders zijn;
            - welk **mandaat** het onderhandelingsteam krijgt en wanneer de leden worden
              geraadpleegd.

            ## Hoe het proces verloopt

            Er is geen wettelijk voorgeschreven procedure voor coalitievorming in gemeenten. Vaak
            neemt de grootste partij het initiatief en wordt een **verkenner** of **informateur**
            aangesteld, soms door de partijen samen, soms in opdracht van de nieuwe raad. Die
            spreekt alle fracties en adviseert over een kansrijke combinatie. Daarna volgen de
            inhoudelijke onderhandelingen, vaak onder leiding van een **formateur**.

            Steeds meer gemeenten kiezen voor een alternatief, zoals een **raadsakkoord** waar alle
            fracties aan kunnen bijdragen, of een kort hoofdlijnenakkoord met ruimte voor de raad.
            Ook daar kan een kleine partij veel bereiken.

            ## Wat staat er in een coalitieakkoord?

            Een goed akkoord bevat:

            1. de inhoudelijke afspraken per beleidsterrein, zo concreet mogelijk;
            2. een **financiële paragraaf**: wat kost het en hoe wordt het betaald;
            3. het aantal wethouders en de verdeling van de portefeuilles;
            4. afspraken over samenwerking tussen de coalitiefracties en met de oppositie;
            5. wat er gebeurt bij een conflict of als er onvoorziene zaken opduiken.

            Wees kritisch op vage formuleringen. "Wij onderzoeken de mogelijkheden" betekent in
            de praktijk vaak dat er weinig gebeurt.

            ## De positie van een kleine partij

            Een kleine fractie kan het verschil maken als zij nodig is voor een meerderheid. Maak
            dan heldere keuzes: liever drie concrete resultaten die u kunt laten zien, dan tien
            vage toezeggingen. Overweeg ook of een wethouderspost de beste ruil is. Een fractie
            van twee zetels die een wethouder levert, heeft minder mensen over voor het raadswerk.

            ## Kandidaat-wethouders

            De raad benoemt de wethouders. Een raadslid dat wethouder wordt, verlaat de raad; zijn
            of haar plaats wordt ingenomen door de volgende kandidaat op de lijst. Een wethouder
            kan ook van buiten de raad komen. Veel gemeenten laten kandidaat-wethouders vooraf
            een **risicoanalyse integriteit** ondergaan en vragen om een VOG. Houd daar in de
            planning rekening mee.

            ## De leden erbij betrekken

            Laat de leden het resultaat beoordelen voordat de fractie definitief instemt,
            bijvoorbeeld in een extra ledenvergadering. Dat versterkt het draagvlak en voorkomt
            achteraf discussie over de vraag of de onderhandelaars te veel hebben weggegeven.

            Meer achtergrond over de rol van de raad vindt u bij de
            [VNG](https://www.vng.nl).
            """
        ),
        published_days_ago=240,
    ),
    DemoArticle(
        slug="raadswerk-als-kleine-fractie",
        title="Raadswerk als kleine fractie: kiezen is winnen",
        topic="raadswerk-en-coalitievorming",
        summary=(
            "Met één of twee zetels kunt u niet alles volgen. Toch kan een kleine fractie veel "
            "invloed hebben, als zij scherpe keuzes maakt en de instrumenten van de raad goed "
            "benut."
        ),
        body=_md(
            """
            ## De werkdruk is echt

            Een raadslid van een kleine fractie krijgt dezelfde stukken als een raadslid van een
            grote fractie, maar heeft niemand om het werk mee te verdelen. De begroting, de
            jaarrekening, ruimtelijke plannen, het sociaal domein: het komt allemaal langs. Wie
            alles probeert bij te houden, raakt snel overbelast. Het belangrijkste advies is dan
            ook: **kies**.

            ## Kies uw dossiers

            Bepaal aan het begin van de raadsperiode, samen met het bestuur, welke onderwerpen voor
            uw partij het belangrijkst zijn. Meestal zijn dat de speerpunten uit uw programma en
            de onderwerpen waarmee uw kiezers u associëren. Op die dossiers bent u goed
            voorbereid; bij andere onderwerpen volgt u op hoofdlijnen of sluit u aan bij een
            fractie waarmee u vaak optrekt.

            ## Ken uw instrumenten

            Als raadslid heeft u verschillende middelen om invloed uit te oefenen:

            - **schriftelijke vragen** aan het college, om informatie boven water te krijgen of een
              onderwerp te agenderen;
            - een **motie**, waarmee de raad het college om een actie of standpunt vraagt;
            - een **amendement**, waarmee u een raadsvoorstel wijzigt;
            - een **initiatiefvoorstel**, waarmee u zelf een voorstel aan de raad voorlegt;
            - het **recht van interpellatie**, om het college tijdens een raadsvergadering
              ter verantwoording te roepen.

            Het reglement van orde van uw gemeente beschrijft hoe deze instrumenten werken. De
            griffie helpt u graag bij het opstellen van moties en amendementen; maak daar gebruik
            van. Achtergrond over de rol en positie van de raad vindt u bij de
            [VNG](https://www.vng.nl).

            ## Zoek samenwerking

            Een motie van een fractie met één zetel haalt zelden een meerderheid op eigen kracht.
            Zoek vooraf medestanders en vraag andere fracties om mede-indiener te worden. Goede
            persoonlijke verhoudingen zijn in een gemeenteraad goud waard, ook met partijen
            waarmee u het vaak oneens bent.

            ## Haal mensen om u heen

            In veel gemeenten kunnen fracties **burgerleden** (ook wel commissieleden of
            fractieassistenten genoemd) voordragen die namens de fractie in commissies het woord
            voeren. De regels verschillen per gemeente. Daarnaast kunnen leden van de partij
            meelezen op een dossier, een werkbezoek voorbereiden of contact houden met een
            belangengroep. Zo wordt de fractie groter dan het aantal zetels.

            Gebruik ook de **fractieondersteuning** die de gemeente beschikbaar stelt, bijvoorbeeld
            voor een fractiemedewerker of voor scholing.

            ## Blijf zichtbaar

            Vertel inwoners wat u doet. Een korte toelichting op sociale media na elke
            raadsvergadering, een column in het lokale blad of een spreekuur in de bibliotheek
            laat zien dat uw fractie actief is, ook als u niet in de coalitie zit.

            ## Zorg voor uzelf

            Raadswerk is een bijbaan die snel twintig uur per week of meer kost. Maak afspraken
            met uw werkgever en uw gezin, plan vaste vrije avonden en bespreek het met de
            fractievoorzitter of het bestuur als het te veel wordt. Een uitgeblust raadslid heeft
            niemand iets aan.
            """
        ),
        published_days_ago=75,
    ),
    # Search test: contains "verkiezingen" but never the singular "verkiezing".
    DemoArticle(
        slug="sociale-media-voor-lokale-partijen",
        title="Sociale media voor lokale partijen",
        topic="communicatie",
        summary=(
            "Sociale media zijn voor lokale partijen een goedkope manier om inwoners te bereiken. "
            "Met een paar vaste afspraken houdt u het persoonlijk, veilig en vol te houden."
        ),
        body=_md(
            """
            ## Kies uw kanalen

            U hoeft niet op elk platform actief te zijn. Kijk waar uw inwoners zitten. In veel
            gemeenten zijn lokale Facebookgroepen nog steeds belangrijk, terwijl jongere inwoners
            eerder via Instagram of TikTok te bereiken zijn. Een paar kanalen die u goed bijhoudt,
            werken beter dan vijf kanalen die stilvallen.

            ## Maak afspraken

            Leg in een kort **communicatieprotocol** vast:

            - wie namens de partij berichten plaatst en wie de wachtwoorden beheert;
            - welke toon u gebruikt: persoonlijk, positief en zonder op de persoon te spelen;
            - hoe snel u reageert op vragen en wie dat doet;
            - wat u doet bij kritiek, en wanneer u een reactie verbergt of verwijdert;
            - wat raadsleden en kandidaten op hun eigen accounts doen.

            Beveilig alle accounts met **tweestapsverificatie** en zorg dat ten minste twee
            bestuursleden toegang hebben. Een gehackt account of een vertrokken vrijwilliger met
            het enige wachtwoord is een bekend probleem.

            ## Wat werkt?

            **Persoonlijke verhalen.** Een raadslid dat bij de kapotte stoep in de eigen straat
            uitlegt wat de fractie eraan doet, scoort beter dan een nette tekst over beleid.

            **Korte video's.** Film met een telefoon, houd het onder de minuut en zet ondertitels
            in beeld: veel mensen kijken zonder geluid.

            **Vaste momenten.** Bijvoorbeeld na iedere raadsvergadering een korte terugblik: wat
            is er besloten en wat heeft uw fractie gedaan?

            **Vragen stellen.** Vraag inwoners om hun mening over een plan of een foto van een
            probleem in de wijk. Zo komt u aan nieuwe onderwerpen en nieuwe contacten.

            ## Omgaan met kritiek en trollen

            Kritiek hoort bij politiek. Reageer inhoudelijk en vriendelijk, en verplaats een
            verhit gesprek liever naar een telefoontje of een kop koffie. Beledigingen,
            bedreigingen en discriminerende reacties hoeft u niet te accepteren. Maak
            schermafbeeldingen voordat u iets verwijdert en doe bij bedreigingen altijd aangifte.

            ## Privacy en beeldrecht

            Vraag toestemming voordat u herkenbare foto's van mensen plaatst, zeker bij kinderen.
            Deel nooit persoonsgegevens van inwoners die u een vraag hebben gesteld. Meer over de
            regels leest u op
            [autoriteitpersoonsgegevens.nl](https://www.autoriteitpersoonsgegevens.nl).

            ## Betaald adverteren

            Betaalde politieke advertenties zijn de laatste jaren aan strengere regels gebonden,
            en sommige platforms staan ze in Europa niet meer toe. Ga voor u geld uitgeeft na wat
            op dat moment mogelijk is, en vermeld altijd duidelijk dat uw partij de afzender is.

            ## Rond de verkiezingen

            In de laatste weken voor de gemeenteraadsverkiezingen is het druk. Plan uw berichten
            vooruit in een eenvoudige contentkalender, zodat er ruimte blijft om op het nieuws te
            reageren. Maar begin niet pas dan: wie tussen de verkiezingen door zichtbaar is, wordt
            in de laatste weken veel beter gehoord.
            """
        ),
        published_days_ago=20,
    ),
    DemoArticle(
        slug="vrijwilligers-vinden-en-vasthouden",
        title="Vrijwilligers vinden en vasthouden",
        topic="leden-en-vrijwilligers",
        summary=(
            "Zonder vrijwilligers geen flyers, geen marktkraam en geen goede ledenvergadering. "
            "Zo vindt u mensen die willen helpen, en zorgt u dat ze blijven."
        ),
        body=_md(
            """
            ## Vrijwilligers zijn geen leden (en andersom)

            Niet iedere vrijwilliger wil lid worden, en lang niet ieder lid wil actief zijn. Dat is
            prima. Sommige mensen helpen graag een middag mee met folderen omdat ze een kandidaat
            kennen of een onderwerp belangrijk vinden. Maak het ze makkelijk om zonder verdere
            verplichtingen iets bij te dragen.

            ## Maak taken klein en concreet

            "Wie wil er helpen?" levert weinig op. "Wie wil zaterdag van 10 tot 12 uur flyeren in
            de Dorpsstraat?" wel. Knip het werk op in overzichtelijke klussen met een begin en een
            eind, zoals:

            - een wijk van flyers voorzien;
            - een uur bij de marktkraam staan;
            - foto's maken bij een bijeenkomst;
            - de nieuwsbrief controleren op taalfouten;
            - koffie en zaal regelen voor de ledenvergadering.

            Houd een eenvoudige lijst bij met wie wat graag doet en hoeveel tijd iemand heeft.

            ## Eén aanspreekpunt

            Benoem een **vrijwilligerscoördinator**. Die verdeelt de klussen, zorgt dat materialen
            klaarliggen en is bereikbaar voor vragen. Zo voorkomt u dat vrijwilligers tussen wal
            en schip vallen of drie keer voor dezelfde klus worden gebeld.

            ## Waardering

            Mensen blijven als zij zich gewaardeerd voelen. Dat hoeft niet duur te zijn:

            1. bedank vrijwilligers persoonlijk, het liefst dezelfde dag nog;
            2. vertel wat hun inzet heeft opgeleverd;
            3. nodig ze uit voor een gezellige afsluiting na een drukke periode;
            4. vraag naar hun ideeën en doe er iets mee.

            ## Vergoedingen en verzekering

            U kunt vrijwilligers een onkostenvergoeding geven op basis van werkelijk gemaakte
            kosten, of een vaste vrijwilligersvergoeding. Voor die laatste gelden fiscale
            maximumbedragen; kijk voor de actuele bedragen op de site van de Belastingdienst.
            Leg de afspraken vast en laat de penningmeester ze in de begroting opnemen.

            Veel gemeenten hebben een collectieve vrijwilligersverzekering. Ga na of die ook geldt
            voor activiteiten van een politieke partij; dat is niet altijd zo. Overweeg anders een
            eigen aansprakelijkheidsverzekering voor de vereniging.

            ## Veiligheid

            Stuur vrijwilligers bij huis-aan-huisacties bij voorkeur met z'n tweeën op pad, zeker
            's avonds. Geef ze een telefoonnummer om te bellen bij problemen en spreek af dat ze
            een gesprek altijd mogen beëindigen als het onprettig wordt.

            ## Van vrijwilliger naar kandidaat

            Vrijwilligers die het naar hun zin hebben, zijn de kandidaten van de toekomst. Houd ze
            op de hoogte van wat de fractie doet, nodig ze uit voor een raadsvergadering en vraag
            op tijd of ze interesse hebben in een rol in het bestuur of op de kandidatenlijst.
            Meer praktische informatie over vrijwilligerswerk vindt u op
            [rijksoverheid.nl](https://www.rijksoverheid.nl).
            """
        ),
        published_days_ago=12,
    ),
    DemoArticle(
        slug="ledenadministratie-en-de-avg",
        title="Ledenadministratie en de AVG",
        topic="bestuur-en-organisatie",
        summary=(
            "Een ledenlijst van een politieke partij bevat gevoelige gegevens. Wat vraagt de AVG "
            "van uw vereniging, en hoe richt u de ledenadministratie veilig en praktisch in?"
        ),
        body=_md(
            """
            ## Waarom dit extra aandacht verdient

            Dat iemand lid is van een politieke partij, zegt iets over zijn of haar **politieke
            opvattingen**. De Algemene verordening gegevensbescherming (AVG) rekent dat tot de
            bijzondere persoonsgegevens. Die mogen in principe niet worden verwerkt, tenzij er een
            uitzondering geldt. Voor politieke verenigingen bestaat zo'n uitzondering: u mag de
            gegevens van uw eigen leden verwerken voor de doelen van de vereniging, zolang u ze
            niet zonder toestemming met anderen deelt.

            ## Welke gegevens heeft u nodig?

            Verzamel niet meer dan nodig. Voor de meeste partijen volstaan:

            - naam en adres;
            - e-mailadres en eventueel telefoonnummer;
            - geboortedatum (bijvoorbeeld voor een jongerentarief of om te zien of iemand
              kiesgerechtigd is);
            - datum van aanmelding en betaalgegevens voor de contributie.

            Vraag niet standaard naar beroep, geloof of andere zaken die u niet nodig heeft.

            ## Praktische maatregelen

            1. **Beperk de toegang.** Alleen de secretaris en de penningmeester (en eventueel een
               ledenadministrateur) hebben toegang tot de volledige ledenlijst.
            2. **Geen losse Excel-bestanden.** Gebruik een beveiligd ledenadministratiesysteem of
               ten minste een versleutelde omgeving met tweestapsverificatie.
            3. **Sluit een verwerkersovereenkomst** met de leverancier van uw software of uw
               mailingdienst.
            4. **Houd een register van verwerkingen** bij: welke gegevens, waarom, hoe lang en wie
               er toegang heeft.
            5. **Bewaar niet eeuwig.** Verwijder gegevens van oud-leden na een redelijke termijn,
               tenzij u ze voor de boekhouding langer moet bewaren.

            ## Leden informeren

            Leg in een **privacyverklaring** uit wat u met de gegevens doet en welke rechten leden
            hebben, zoals het recht op inzage en correctie. Zet de verklaring op uw website en
            verwijs ernaar in het aanmeldformulier.

            ## Mailen naar leden en niet-leden

            Uw eigen leden mag u informeren over verenigingszaken, zoals de oproep voor de
            ledenvergadering. Voor een nieuwsbrief aan sympathisanten die geen lid zijn, heeft u
            hun toestemming nodig. Zorg bij elke nieuwsbrief voor een eenvoudige manier om zich af
            te melden.

            ## Kandidaten en raadsleden

            Gegevens van kandidaten die u gebruikt voor de kandidatenlijst of de screening zijn
            extra gevoelig. Bewaar ze apart, beperk de toegang tot de selectiecommissie en
            vernietig de stukken die u niet meer nodig heeft.

            ## Als het toch misgaat

            Raakt een ledenlijst kwijt, wordt een account gehackt of stuurt iemand per ongeluk de
            ledenlijst naar de verkeerde persoon? Dan is er sprake van een **datalek**. Een
            datalek met risico's voor de betrokkenen moet u binnen 72 uur melden bij de Autoriteit
            Persoonsgegevens. Spreek vooraf af wie in het bestuur daarvoor verantwoordelijk is.
            Meer informatie vindt u op
            [autoriteitpersoonsgegevens.nl](https://www.autoriteitpersoonsgegevens.nl).
            """
        ),
        published_days_ago=160,
    ),
    # Search test: contains "verkiezingen" but never the singular "verkiezing".
    DemoArticle(
        slug="de-algemene-ledenvergadering-voorbereiden",
        title="De algemene ledenvergadering voorbereiden",
        topic="bestuur-en-organisatie",
        summary=(
            "De algemene ledenvergadering is het hoogste orgaan van uw partij. Met een goede "
            "voorbereiding verloopt ze rustig, rechtsgeldig en met betrokken leden, ook in het "
            "jaar van de verkiezingen."
        ),
        body=_md(
            """
            ## Het hoogste orgaan

            In een vereniging hebben de leden het laatste woord. Dat doen zij in de **algemene
            ledenvergadering (ALV)**. De ALV benoemt het bestuur, stelt de begroting en de
            jaarrekening vast, kiest de kascommissie en neemt de grote politieke besluiten, zoals
            het vaststellen van het programma en de kandidatenlijst voor de
            gemeenteraadsverkiezingen. Wat de ALV precies mag en moet, staat in uw statuten.

            ## De oproeping

            Kijk in de statuten hoe en hoe lang van tevoren u de leden moet oproepen. Vaak gaat
            het om een termijn van enkele weken en mag de oproeping per e-mail, mits leden daarmee
            hebben ingestemd. Zet in de oproeping in elk geval:

            - datum, tijd en locatie (of de link bij een online of hybride vergadering);
            - de agenda;
            - waar de vergaderstukken te vinden zijn;
            - hoe leden voorstellen of amendementen kunnen indienen, en tot wanneer.

            Een oproeping die niet aan de regels voldoet, kan besluiten aantastbaar maken. Zeker
            bij gevoelige besluiten is zorgvuldigheid dus belangrijk.

            ## Een vaste agenda

            Een jaarvergadering heeft meestal deze onderdelen:

            1. opening en vaststellen van de agenda;
            2. notulen van de vorige vergadering;
            3. jaarverslag van het bestuur en van de fractie;
            4. jaarrekening en verslag van de kascommissie, en het verlenen van décharge;
            5. begroting en contributie voor het komende jaar;
            6. benoeming van bestuursleden en leden van de kascommissie;
            7. rondvraag en sluiting.

            ## Stemmen

            Stemmingen over personen zijn in de regel schriftelijk en geheim. Stel vooraf een
            **stemcommissie** in van twee of drie leden die zelf niet kandidaat zijn. Controleer
            bij binnenkomst wie lid is en wie dus mag stemmen. Als de statuten een quorum vragen,
            tel dan de aanwezigen en vermeld het aantal in de notulen.

            ## Het jaar van de verkiezingen

            In de aanloop naar de gemeenteraadsverkiezingen heeft u vaak een of twee extra
            ledenvergaderingen nodig: een voor het programma en een voor de kandidatenlijst.
            Plan die ruim voor de dag van kandidaatstelling, zodat er tijd overblijft voor de
            formulieren, de ondersteuningsverklaringen en eventuele wijzigingen. Na de verkiezingen
            volgt vaak nog een extra vergadering over een coalitieakkoord.

            ## Tips voor een goede vergadering

            - Stuur de stukken ruim op tijd rond, met een korte samenvatting bovenaan.
            - Kies een voorzitter die de vergadering rustig en neutraal kan leiden.
            - Maak beknopte notulen met in elk geval alle besluiten en de uitslagen van
              stemmingen.
            - Sluit af met een informeel moment: daar ontstaan vaak de beste ideeën en melden zich
              de nieuwe vrijwilligers.

            Nieuwe leden weten vaak niet hoe een ALV werkt. Een korte uitleg aan het begin maakt de
            drempel om mee te praten een stuk lager. Wilt u meer weten over vereniging en
            rechtsvorm, kijk dan op [kvk.nl](https://www.kvk.nl).
            """
        ),
        published_days_ago=8,
    ),
    DemoArticle(
        slug="fractieondersteuning-wat-mag-wel-en-niet",
        title="Fractieondersteuning: wat mag wel en niet?",
        topic="financien",
        summary=(
            "Iedere fractie in de gemeenteraad ontvangt fractieondersteuning. Dat geld is bedoeld "
            "voor het raadswerk, niet voor de partij of de campagne. Een overzicht van de regels."
        ),
        body=_md(
            """
            ## Wat is fractieondersteuning?

            Gemeenten ondersteunen de fracties in de raad met geld of met voorzieningen, zoals een
            fractiekamer. De regels daarvoor staan in een **verordening**, die de raad zelf
            vaststelt. Hoe hoog de bijdrage is en wat ermee mag, verschilt dus per gemeente.
            Vaak bestaat de bijdrage uit een vast bedrag per fractie en een bedrag per zetel.

            De bijdrage is bedoeld om de fractie te helpen haar werk in de raad goed te doen. Het
            is **geen partijgeld**, ook al heeft uw fractie dezelfde naam als de vereniging.

            ## Waarvoor mag u het gebruiken?

            Afhankelijk van uw verordening gaat het meestal om kosten zoals:

            - de inhuur of het salaris van een fractiemedewerker;
            - scholing en trainingen voor raadsleden en burgerleden;
            - onderzoek en advies over raadsvoorstellen;
            - abonnementen, vakliteratuur en kantoorbenodigdheden;
            - bijeenkomsten met inwoners over onderwerpen die in de raad spelen.

            ## Wat mag niet?

            Vrijwel alle verordeningen sluiten uit:

            - uitgaven voor de **campagne** of de verkiezingen;
            - betalingen aan de politieke partij, bijvoorbeeld een afdracht of een gift;
            - activiteiten van de vereniging, zoals de ledenvergadering of ledenwerving;
            - persoonlijke vergoedingen aan raadsleden voor hun raadswerk (daarvoor bestaat al
              een raadsvergoeding).

            Twijfelt u? Vraag het vooraf aan de **griffie**. Dat is beter dan achteraf geld moeten
            terugbetalen.

            ## Administratie en verantwoording

            De fractie moet jaarlijks verantwoorden hoe het geld is besteed. Meestal gebeurt dat
            met een financieel verslag aan de griffie, soms met een verklaring van een accountant
            of een controle door een commissie uit de raad. Houd het volgende aan:

            1. Gebruik een **aparte bankrekening** voor de fractie, los van de rekening van de
               vereniging.
            2. Bewaar alle facturen en bonnen, en noteer bij elke uitgave waarvoor die diende.
            3. Wijs binnen de fractie één persoon aan die de administratie bijhoudt, en laat een
               tweede persoon meekijken.
            4. Let op de regels voor reserveren: veel verordeningen staan maar een beperkte
               reserve toe en vragen onbestede bedragen terug.

            ## Openbaarheid

            Veel gemeenten maken de verantwoording van de fracties openbaar. Dat is goed voor het
            vertrouwen in de raad, maar betekent ook dat een slordige verantwoording snel in het
            nieuws kan komen. Zorg dus dat uw administratie op orde is.

            ## Na de verkiezingen

            Verandert de samenstelling van de raad, dan verandert ook de bijdrage. Een fractie die
            uit de raad verdwijnt, moet haar verantwoording afronden en het resterende geld
            afhandelen volgens de verordening. Spreek vooraf af wie dat doet, zodat het niet blijft
            liggen. Achtergrond over de positie van de raad en de griffie vindt u bij de
            [VNG](https://www.vng.nl).
            """
        ),
        published_days_ago=100,
    ),
    DemoArticle(
        slug="kandidaat-wethouder-vog-en-risicoanalyse",
        title="Een kandidaat-wethouder voordragen: VOG en risicoanalyse",
        topic="integriteit",
        summary=(
            "Voordat de raad een wethouder benoemt, wordt in veel gemeenten de integriteit van de "
            "kandidaat getoetst. Wat houdt dat in en hoe bereidt u uw kandidaat voor?"
        ),
        body=_md(
            """
            ## Waarom een toets?

            Een wethouder neemt besluiten over vergunningen, subsidies, aanbestedingen en
            grondzaken. Dat vraagt om een onberispelijke integriteit. De burgemeester heeft de
            wettelijke taak om de bestuurlijke integriteit in de gemeente te bevorderen. Daarom
            kennen veel gemeenten een vaste procedure waarmee kandidaat-wethouders worden
            getoetst voordat de raad hen benoemt.

            ## Wat houdt de toets meestal in?

            De precieze invulling verschilt per gemeente, maar vaak bestaat de toets uit:

            - een **verklaring omtrent het gedrag (VOG)**, aan te vragen bij Justis via
              [justis.nl](https://www.justis.nl);
            - een **risicoanalyse integriteit**, vaak uitgevoerd door een extern bureau, met
              onder meer een vragenlijst, een gesprek en openbare bronnen;
            - een gesprek met de burgemeester over de uitkomsten.

            In de risicoanalyse komen onderwerpen aan bod als financiële positie, zakelijke
            belangen, nevenfuncties, relaties met partijen die zaken doen met de gemeente en
            eerdere incidenten. Het doel is niet om mensen af te wijzen, maar om risico's in beeld
            te brengen en afspraken te maken over hoe de kandidaat ermee omgaat.

            ## Vereisten en onverenigbare functies

            De Gemeentewet stelt eisen aan wethouders. Zo moet een wethouder onder meer de
            Nederlandse nationaliteit hebben en zijn bepaalde functies niet te combineren met het
            wethouderschap. Een wethouder woont in principe in de gemeente; in bepaalde gevallen
            kan de raad tijdelijk ontheffing verlenen. Bespreek deze punten vroeg met uw kandidaat.

            ## Planning

            Een VOG-aanvraag en een risicoanalyse kosten tijd. Houd daar rekening mee in de
            planning van de coalitieonderhandelingen. Verstandig is om:

            1. de kandidaat-wethouders al vóór de verkiezingen in beeld te hebben;
            2. met de griffie of de burgemeester na te gaan welke procedure in uw gemeente geldt;
            3. de kandidaat te vragen alvast de benodigde stukken te verzamelen, zoals gegevens
               over nevenfuncties en financiële belangen;
            4. de eigen screening van de partij niet over te slaan, ook als de gemeente later nog
               toetst.

            ## Vertrouwelijkheid

            De uitkomsten van de risicoanalyse zijn vertrouwelijk en worden in de regel alleen met
            de kandidaat en de burgemeester besproken. De raad krijgt meestal alleen te horen of de
            toets is afgerond en of er aanleiding is om af te zien van de benoeming. Spreek met
            uw kandidaat af wat hij of zij met de partij deelt.

            ## Na de benoeming

            Integriteit houdt niet op bij de benoeming. De nevenfuncties van wethouders worden
            openbaar gemaakt en de gemeente heeft een gedragscode voor bestuurders. Zorg dat uw
            wethouder binnen de partij iemand heeft om lastige situaties vertrouwelijk mee te
            bespreken, bijvoorbeeld een vertrouwenspersoon of een ervaren oud-bestuurder.
            """
        ),
        published_days_ago=230,
    ),
    # --- Drafts (published_days_ago=None) ---
    DemoArticle(
        slug="oppositie-voeren-met-impact",
        title="Oppositie voeren met impact",
        topic="raadswerk-en-coalitievorming",
        summary=(
            "Niet in de coalitie? Dan kunt u nog steeds veel bereiken. Tips voor een constructieve "
            "en zichtbare oppositierol van een lokale fractie."
        ),
        body=_md(
            """
            ## Oppositie is geen bijzaak

            Na de coalitievorming belandt het merendeel van de lokale partijen in de oppositie.
            Dat voelt soms als verlies, maar de oppositie heeft een belangrijke taak: zij
            controleert het college, brengt alternatieven in en geeft een stem aan inwoners die
            zich niet vertegenwoordigd voelen door de coalitie. In een gemeenteraad met een
            duidelijke meerderheid is een scherpe oppositie des te belangrijker.

            ## Constructief of kritisch?

            Er zijn grofweg twee stijlen. Een **constructieve** oppositie steunt goede voorstellen
            en probeert ze te verbeteren met amendementen. Een **kritische** oppositie richt zich
            vooral op controle en het blootleggen van zwakke plekken. De meeste fracties wisselen
            af, afhankelijk van het onderwerp. Bespreek met het bestuur welke lijn u kiest en
            waarom, zodat leden en kiezers begrijpen wat u doet.

            ## Controleren met de juiste middelen

            - Stel **schriftelijke vragen** als informatie ontbreekt of als er signalen zijn dat
              iets niet goed gaat.
            - Gebruik de behandeling van de **jaarrekening** om te vragen wat er van de
              beloften in het coalitieakkoord terecht is gekomen.
            - Vraag om een **rekenkameronderzoek** als u vermoedt dat beleid niet werkt. De
              rekenkamer(commissie) bepaalt zelf haar onderzoeken, maar neemt suggesties van de
              raad serieus. Meer over de rekenkamerfunctie leest u bij de
              [VNG](https://www.vng.nl).
            - Gebruik het **recht van interpellatie** voor urgente kwesties.

            ## Alternatieven bieden

            Kiezers onthouden een partij die alleen maar tegen is, maar waarderen een partij die
            met oplossingen komt. Werk eens per jaar een eigen alternatief uit, bijvoorbeeld een
            **tegenbegroting** op hoofdlijnen of een initiatiefvoorstel over een onderwerp dat
            blijft liggen. Dat kost tijd, maar het laat zien dat uw partij klaar is om mee te
            besturen.

            ## Samenwerken in de oppositie

            Oppositiepartijen verschillen vaak sterk van elkaar, maar vinden elkaar op
            onderwerpen als openheid van bestuur en de positie van de raad. Gezamenlijke vragen of
            moties van meerdere oppositiefracties hebben meer gewicht. Maak daarbij wel duidelijke
            afspraken over de woordvoering en over wie de pers te woord staat.

            ## Zichtbaar blijven

            Oppositiewerk haalt niet vanzelf het nieuws. Vertel na iedere raadsvergadering wat u
            heeft gedaan en waarom, in gewone taal. Ga op werkbezoek bij inwoners en
            organisaties die door een besluit worden geraakt. Zo bouwt u in vier jaar een
            verhaal op waarmee u bij de volgende verkiezingen sterker terugkomt.

            ## Uitkijken voor valkuilen

            Vermijd persoonlijke aanvallen op wethouders of ambtenaren. Ambtenaren kunnen zich
            niet publiekelijk verdedigen en de wethouder is uw aanspreekpunt. Blijf hard op de
            inhoud en zacht op de persoon. Dat maakt samenwerking na de volgende verkiezingen ook
            een stuk makkelijker.
            """
        ),
        published_days_ago=None,
    ),
    DemoArticle(
        slug="persberichten-en-lokale-media",
        title="Persberichten en contact met lokale media",
        topic="communicatie",
        summary=(
            "De lokale krant en omroep zijn voor lokale partijen onmisbaar. Zo schrijft u een "
            "persbericht dat wordt opgepikt en bouwt u een goede relatie op met journalisten."
        ),
        body=_md(
            """
            ## Lokale media doen ertoe

            Ondanks sociale media lezen en kijken veel inwoners nog steeds naar de lokale krant,
            het huis-aan-huisblad en de lokale omroep. Welke publieke lokale omroep in uw gemeente
            actief is, vindt u via de [NLPO](https://www.nlpo.nl). Journalisten bij die media
            hebben weinig tijd en veel ruimte te vullen. Een partij die betrouwbaar, bereikbaar en to the point
            is, komt vaker in beeld.

            ## Wanneer stuurt u een persbericht?

            Alleen als er echt nieuws is. Denk aan:

            - een motie of initiatiefvoorstel dat uw fractie indient;
            - een actie in een wijk, zoals een handtekeningenactie of een bijeenkomst;
            - de presentatie van het verkiezingsprogramma of de kandidatenlijst;
            - een nieuwe lijsttrekker of fractievoorzitter.

            Een verslag van de ledenvergadering of een algemene mening over landelijk nieuws is
            meestal geen nieuws voor de lokale krant.

            ## De opbouw

            1. **Kop**: kort en feitelijk, met het nieuws erin.
            2. **Eerste alinea**: wie, wat, waar, wanneer en waarom, in twee of drie zinnen.
            3. **Toelichting**: achtergrond en een quote van de fractievoorzitter of een raadslid.
            4. **Afsluiting**: wat er nu gebeurt, bijvoorbeeld wanneer de raad erover stemt.
            5. **Noot voor de redactie**: naam en telefoonnummer van een contactpersoon die
               vandaag bereikbaar is.

            Houd het bericht onder de 300 woorden. Voeg een goede foto toe in een hoge resolutie,
            met een onderschrift en de naam van de fotograaf.

            ## Timing

            Verstuur het bericht bij voorkeur 's ochtends en stem het af op de deadlines van de
            media in uw gemeente. Een huis-aan-huisblad heeft vaak al dagen voor verschijning een
            deadline. Bij een actie of bijeenkomst stuurt u vooraf een uitnodiging en achteraf
            foto's en een kort verslag.

            ## Een goede relatie opbouwen

            - Zorg voor één vast aanspreekpunt voor de pers.
            - Wees altijd eerlijk, ook als u iets niet weet.
            - Reageer snel; een journalist die u niet kan bereiken, belt een andere partij.
            - Spreek vooraf af of iets "off the record" is, en ga er nooit vanuit dat dat vanzelf
              zo is.
            - Bedank een journalist niet voor positieve berichtgeving en klaag niet over kritische
              stukken. Reageer bij feitelijke fouten wel, rustig en met bronnen.

            ## Interviews voorbereiden

            Bepaal vooraf de twee of drie boodschappen die u kwijt wilt. Oefen lastige vragen met
            een collega. Vraag bij een geschreven interview of u de quotes mag controleren op
            feitelijke juistheid; de journalist beslist daar zelf over.

            ## Crisis

            Komt uw partij negatief in het nieuws, bijvoorbeeld door een integriteitskwestie? Spreek
            dan af wie namens de partij reageert, en reageer snel en feitelijk. Zwijgen wordt
            meestal uitgelegd als iets te verbergen hebben. Voor hulp kunt u altijd contact opnemen
            met de helpdesk van Kennispunt.
            """
        ),
        published_days_ago=None,
    ),
    # --- Archived ---
    DemoArticle(
        slug="checklist-verkiezingsavond",
        title="Checklist: de verkiezingsavond organiseren",
        topic="campagne-voeren",
        summary=(
            "Een checklist voor de avond van de uitslag: locatie, uitslagen volgen, pers en het "
            "bedanken van vrijwilligers. Dit artikel is vervangen door een nieuwe versie."
        ),
        body=_md(
            """
            ## Vooraf

            De verkiezingsavond is het sluitstuk van maanden werk. Het is een avond om samen de
            uitslag af te wachten, maar ook om kandidaten, leden en vrijwilligers te bedanken.
            Begin ruim van tevoren met de voorbereidingen.

            ## Locatie en praktische zaken

            - Reserveer een zaal of café in de gemeente, bij voorkeur dicht bij het gemeentehuis.
            - Zorg voor een scherm met de uitslagenavond van de lokale omroep.
            - Regel een kleine bar of een potje voor consumpties; spreek vooraf af wie wat betaalt.
            - Nodig leden, vrijwilligers en kandidaten persoonlijk uit, met een duidelijke
              begintijd.
            - Denk aan toegankelijkheid voor mensen met een beperking.

            ## De uitslag volgen

            Na het sluiten van de stembureaus om 21.00 uur begint het tellen. De eerste resultaten
            per stembureau komen vaak binnen een paar uur binnen; de voorlopige uitslag voor de hele
            gemeente kan later op de avond of in de nacht volgen. Spreek af:

            1. wie de uitslagen per stembureau bijhoudt in een eenvoudig overzicht;
            2. wie contact heeft met de lokale media;
            3. wie het woord voert als de uitslag bekend is (meestal de lijsttrekker);
            4. welke andere partijen u die avond feliciteert of belt.

            Let op: de uitkomst op de verkiezingsavond is een **voorlopige uitslag**. Het centraal
            stembureau stelt de officiële uitslag enkele dagen later vast in een openbare zitting.
            Pas dan staat ook vast welke kandidaten gekozen zijn, want ook voorkeurstemmen tellen
            mee. Wees daarom voorzichtig met het noemen van namen.

            ## Pers

            Bereid **twee korte verklaringen** voor: één voor een goede uitslag en één voor een
            tegenvallende. Een lijsttrekker die ook bij verlies sportief en dankbaar reageert,
            maakt een goede indruk. Houd de verklaring kort en noem in elk geval de kiezers en de
            vrijwilligers.

            ## Na afloop

            - Bedank alle vrijwilligers binnen een paar dagen schriftelijk.
            - Ruim campagnemateriaal op, zoals posters en borden; veel gemeenten stellen daar een
              termijn voor.
            - Plan een evaluatie met het campagneteam, terwijl de ervaringen nog vers zijn.
            - Bereid de gekozen kandidaten voor op het onderzoek van de geloofsbrieven en de
              installatie in de nieuwe raad.

            ## Coalitievorming

            Vaak beginnen de eerste gesprekken over een nieuwe coalitie al de dag na de uitslag.
            Zorg dat het onderhandelingsteam klaarstaat en dat de inzet van de partij bekend is.
            Meer over de officiële uitslag en de procedures leest u op
            [kiesraad.nl](https://www.kiesraad.nl).
            """
        ),
        published_days_ago=720,
        archived=True,
    ),
)


# ---------------------------------------------------------------------------
# Parties (fictional parties in real municipalities, all 12 provinces)
# ---------------------------------------------------------------------------

PARTIES: tuple[DemoParty, ...] = (
    # Groningen
    DemoParty(
        slug="hogeland-lokaal",
        name="Hogeland Lokaal",
        municipality_code="GM1966",
        seats=4,
        website="https://example.org/hogeland-lokaal",
        description=(
            "Hogeland Lokaal komt op voor de dorpen en wierden in het noorden van de provincie. "
            "De partij zet zich in voor een snelle en ruimhartige afhandeling van de "
            "aardbevingsschade en voor voorzieningen dicht bij huis."
        ),
        founded="2018-05-24",
    ),
    DemoParty(
        slug="gemeentebelangen-veendam",
        name="Gemeentebelangen Veendam",
        municipality_code="GM0047",
        seats=5,
        website="https://example.org/gemeentebelangen-veendam",
        description=(
            "Een van de oudste lokale partijen in de Veenkoloniën. Gemeentebelangen Veendam "
            "richt zich op werkgelegenheid, betaalbaar wonen en een levendig centrum."
        ),
        founded="1974-03-18",
    ),
    DemoParty(
        slug="dorpsbelangen-westerwolde",
        name="Dorpsbelangen Westerwolde",
        municipality_code="GM1950",
        seats=3,
        website=None,
        description=(
            "Dorpsbelangen Westerwolde ontstond bij de fusie van Vlagtwedde en Bellingwedde. De "
            "partij wil dat ook de kleinste kernen een stem houden in het gemeentehuis."
        ),
        founded="2017-04-11",
    ),
    # Friesland
    DemoParty(
        slug="stadspartij-leeuwarden",
        name="Stadspartij Leeuwarden",
        municipality_code="GM0080",
        seats=2,
        website="https://example.org/stadspartij-leeuwarden",
        description=(
            "De Stadspartij Leeuwarden is een onafhankelijke partij voor stad en dorpen. Ze vraagt "
            "vooral aandacht voor de wijken, veilige fietsroutes en een zuinig financieel beleid."
        ),
        founded="2009-10-05",
    ),
    DemoParty(
        slug="heerenveen-lokaal",
        name="Heerenveen Lokaal",
        municipality_code="GM0074",
        seats=0,
        website="https://example.org/heerenveen-lokaal",
        description=(
            "Heerenveen Lokaal is een jonge partij die voor het eerst meedoet aan de "
            "gemeenteraadsverkiezingen. De oprichters willen meer inspraak voor inwoners bij "
            "nieuwbouwplannen en de zorg."
        ),
        founded="2024-11-20",
    ),
    DemoParty(
        slug="eilandbelang-terschelling",
        name="Eilandbelang Terschelling",
        municipality_code="GM0093",
        seats=3,
        website="https://example.org/eilandbelang-terschelling",
        description=(
            "Eilandbelang Terschelling zet zich in voor betaalbare woningen voor eilanders, een "
            "goede bootverbinding en toerisme dat in balans is met natuur en leefbaarheid."
        ),
        founded="1990-05-14",
    ),
    # Drenthe
    DemoParty(
        slug="leefbaar-assen",
        name="Leefbaar Assen",
        municipality_code="GM0106",
        seats=4,
        website="https://example.org/leefbaar-assen",
        description=(
            "Leefbaar Assen wil de stad schoon, heel en veilig houden. De partij staat bekend om "
            "haar wijkspreekuren en is kritisch op grote prestigeprojecten."
        ),
        founded="2001-09-27",
    ),
    DemoParty(
        slug="gemeentebelangen-westerveld",
        name="Gemeentebelangen Westerveld",
        municipality_code="GM1701",
        seats=5,
        website=None,
        description=(
            "Gemeentebelangen Westerveld is sinds de vorming van de gemeente een vaste waarde in "
            "de raad. De partij richt zich op de landbouw, recreatie en goede voorzieningen in de "
            "dorpen."
        ),
        founded="1997-06-30",
    ),
    # Overijssel
    DemoParty(
        slug="stadspartij-enschede",
        name="Stadspartij Enschede",
        municipality_code="GM0153",
        seats=3,
        website="https://example.org/stadspartij-enschede",
        description=(
            "De Stadspartij Enschede wil een stad waar iedereen mee kan doen. Speerpunten zijn "
            "armoedebestrijding, de binnenstad en een bereikbaar gemeentebestuur."
        ),
        founded="2013-02-14",
    ),
    DemoParty(
        slug="lokaal-rijssen-holten",
        name="Lokaal Rijssen-Holten",
        municipality_code="GM1742",
        seats=2,
        website="https://example.org/lokaal-rijssen-holten",
        description=(
            "Lokaal Rijssen-Holten verbindt de twee kernen van de gemeente. De partij let scherp op "
            "de lokale lasten en wil ruimte voor woningbouw voor jongeren."
        ),
        founded="2005-01-19",
    ),
    DemoParty(
        slug="ommer-belang",
        name="Ommer Belang",
        municipality_code="GM0175",
        seats=4,
        website="https://example.org/ommer-belang",
        description=(
            "Ommer Belang is een gemeentelijke partij zonder landelijke binding. De partij zet zich "
            "in voor de Vechtstreek, het verenigingsleven en een sterke lokale economie."
        ),
        founded="1986-11-03",
    ),
    # Flevoland
    DemoParty(
        slug="almere-lokaal",
        name="Almere Lokaal",
        municipality_code="GM0034",
        seats=3,
        website="https://example.org/almere-lokaal",
        description=(
            "Almere Lokaal vindt dat een jonge stad ook een eigen politieke stem verdient. De partij "
            "vraagt aandacht voor onderhoud van de openbare ruimte en voor voorzieningen in de "
            "nieuwe wijken."
        ),
        founded="2010-03-08",
    ),
    DemoParty(
        slug="dorpspartij-zeewolde",
        name="Dorpspartij Zeewolde",
        municipality_code="GM0050",
        seats=2,
        website=None,
        description=(
            "De Dorpspartij Zeewolde wil het dorpse karakter van Zeewolde behouden. De partij is "
            "kritisch op de komst van grootschalige datacenters en bedrijventerreinen."
        ),
        founded="2013-10-01",
    ),
    # Gelderland
    DemoParty(
        slug="stadspartij-nijmegen",
        name="Stadspartij Nijmegen",
        municipality_code="GM0268",
        seats=1,
        website="https://example.org/stadspartij-nijmegen",
        description=(
            "De Stadspartij Nijmegen is een kleine fractie met een duidelijk geluid over "
            "studentenhuisvesting en de bereikbaarheid van de stad. Ze werkt veel samen met "
            "bewonersgroepen."
        ),
        founded="2021-06-15",
    ),
    DemoParty(
        slug="doetinchem-lokaal",
        name="Doetinchem Lokaal",
        municipality_code="GM0222",
        seats=6,
        website="https://example.org/doetinchem-lokaal",
        description=(
            "Doetinchem Lokaal is de grootste lokale partij in de Achterhoekse hoofdstad en levert "
            "een wethouder. De partij richt zich op de binnenstad, werkgelegenheid en sport."
        ),
        founded="1993-04-22",
    ),
    DemoParty(
        slug="dorpsbelangen-bronckhorst",
        name="Dorpsbelangen Bronckhorst",
        municipality_code="GM1876",
        seats=5,
        website="https://example.org/dorpsbelangen-bronckhorst",
        description=(
            "Dorpsbelangen Bronckhorst vertegenwoordigt de vele kernen van deze uitgestrekte "
            "plattelandsgemeente. Leefbaarheid, het buitengebied en goede wegen staan centraal."
        ),
        founded="2004-09-09",
    ),
    # Utrecht
    DemoParty(
        slug="stadsbelang-utrecht",
        name="Stadsbelang Utrecht",
        municipality_code="GM0344",
        seats=1,
        website="https://example.org/stadsbelang-utrecht",
        description=(
            "Stadsbelang Utrecht is een kleine, onafhankelijke fractie in een grote raad. De "
            "partij richt zich op bewonersparticipatie en op de gevolgen van de snelle groei van "
            "de stad."
        ),
        founded="2017-12-02",
    ),
    DemoParty(
        slug="soest-lokaal",
        name="Soest Lokaal",
        municipality_code="GM0342",
        seats=4,
        website="https://example.org/soest-lokaal",
        description=(
            "Soest Lokaal staat voor een groen en betaalbaar Soest en Soesterberg. De partij "
            "organiseert elk jaar een open inloopavond over de gemeentebegroting."
        ),
        founded="1998-02-26",
    ),
    DemoParty(
        slug="heuvelrug-belang",
        name="Heuvelrug Belang",
        municipality_code="GM1581",
        seats=3,
        website=None,
        description=(
            "Heuvelrug Belang zet zich in voor de zeven kernen van de Utrechtse Heuvelrug. Natuur, "
            "betaalbaar wonen voor jongeren en goede zorg voor ouderen zijn de speerpunten."
        ),
        founded="2005-10-17",
    ),
    # Noord-Holland
    DemoParty(
        slug="haarlem-lokaal",
        name="Haarlem Lokaal",
        municipality_code="GM0392",
        seats=2,
        website="https://example.org/haarlem-lokaal",
        description=(
            "Haarlem Lokaal wil dat beslissingen over de stad dichter bij de inwoners worden "
            "genomen. De partij let vooral op verkeer in de wijken en op de kwaliteit van de "
            "openbare ruimte."
        ),
        founded="2006-01-12",
    ),
    DemoParty(
        slug="texel-lokaal",
        name="Texel Lokaal",
        municipality_code="GM0448",
        seats=3,
        website="https://example.org/texel-lokaal",
        description=(
            "Texel Lokaal komt op voor de eilanders en hun dorpen. De partij wil wonen voor "
            "Texelaars voorrang geven boven tweede woningen en vakantieverhuur."
        ),
        founded="1994-08-29",
    ),
    # Zuid-Holland
    DemoParty(
        slug="lokaal-rotterdam",
        name="Lokaal Rotterdam",
        municipality_code="GM0599",
        seats=None,
        website="https://example.org/lokaal-rotterdam",
        description=(
            "Lokaal Rotterdam is een nieuwe beweging van bewonersorganisaties uit verschillende "
            "wijken. De partij bereidt zich voor op deelname aan de volgende "
            "gemeenteraadsverkiezingen."
        ),
        founded="2023-09-04",
    ),
    DemoParty(
        slug="stadspartij-delft",
        name="Stadspartij Delft",
        municipality_code="GM0503",
        seats=2,
        website="https://example.org/stadspartij-delft",
        description=(
            "De Stadspartij Delft richt zich op betaalbare huisvesting voor starters en studenten "
            "en op een binnenstad die leefbaar blijft voor bewoners."
        ),
        founded="2002-11-28",
    ),
    DemoParty(
        slug="eilandbelangen-goeree-overflakkee",
        name="Eilandbelangen Goeree-Overflakkee",
        municipality_code="GM1924",
        seats=4,
        website="https://example.org/eilandbelangen-goeree-overflakkee",
        description=(
            "Eilandbelangen Goeree-Overflakkee ontstond rond de samenvoeging van de eilandgemeenten. "
            "De partij zet zich in voor de dorpskernen, de landbouw en een goede verbinding met "
            "het vasteland."
        ),
        founded="2012-03-05",
    ),
    # Zeeland
    DemoParty(
        slug="gemeentebelangen-goes",
        name="Gemeentebelangen Goes",
        municipality_code="GM0664",
        seats=3,
        website="https://example.org/gemeentebelangen-goes",
        description=(
            "Gemeentebelangen Goes is al decennia actief in de raad. De partij let op een "
            "sluitende begroting, een aantrekkelijke binnenstad en voorzieningen in de dorpen."
        ),
        founded="1978-09-19",
    ),
    DemoParty(
        slug="dorpsbelangen-sluis",
        name="Dorpsbelangen Sluis",
        municipality_code="GM1714",
        seats=2,
        website=None,
        description=(
            "Dorpsbelangen Sluis vertegenwoordigt de kernen in West Zeeuws-Vlaanderen. "
            "Bereikbaarheid van zorg, toerisme en de grensregio met België zijn belangrijke "
            "thema's."
        ),
        founded="2002-12-10",
    ),
    # Noord-Brabant
    DemoParty(
        slug="lokaal-tilburg",
        name="Lokaal Tilburg",
        municipality_code="GM0855",
        seats=3,
        website="https://example.org/lokaal-tilburg",
        description=(
            "Lokaal Tilburg wil een stad die goed zorgt voor haar wijken en dorpen, zoals Berkel-"
            "Enschot en Udenhout. De partij vraagt veel aandacht voor veiligheid en jongeren."
        ),
        founded="2011-05-31",
    ),
    DemoParty(
        slug="dorpsbelangen-meierijstad",
        name="Dorpsbelangen Meierijstad",
        municipality_code="GM1948",
        seats=5,
        website="https://example.org/dorpsbelangen-meierijstad",
        description=(
            "Dorpsbelangen Meierijstad is opgericht bij de vorming van de gemeente en wil dat alle "
            "kernen hun eigen karakter houden. De partij is sterk vertegenwoordigd in de "
            "kleinere dorpen."
        ),
        founded="2016-02-08",
    ),
    # Limburg
    DemoParty(
        slug="stadspartij-maastricht",
        name="Stadspartij Maastricht",
        municipality_code="GM0935",
        seats=2,
        website="https://example.org/stadspartij-maastricht",
        description=(
            "De Stadspartij Maastricht richt zich op de leefbaarheid in de wijken en op een "
            "evenwicht tussen toerisme, studenten en vaste bewoners."
        ),
        founded="2008-04-03",
    ),
    DemoParty(
        slug="leefbaar-venlo",
        name="Leefbaar Venlo",
        municipality_code="GM0983",
        seats=4,
        website="https://example.org/leefbaar-venlo",
        description=(
            "Leefbaar Venlo wil een veilige en schone gemeente waarin inwoners serieus worden "
            "genomen. De partij is actief in de raad en organiseert maandelijks een spreekuur."
        ),
        founded="2001-12-13",
    ),
)


# ---------------------------------------------------------------------------
# Users
# ---------------------------------------------------------------------------

USERS: tuple[DemoUser, ...] = (
    # Kennispunt staff, one per staff role.
    DemoUser(email="editor@example.org", display_name="Eline Vermeulen", roles=("EDITOR",)),
    DemoUser(email="helpdesk@example.org", display_name="Bram Kuipers", roles=("HELPDESK",)),
    DemoUser(email="moderator@example.org", display_name="Yasmina Bouali", roles=("MODERATOR",)),
    DemoUser(email="admin@example.org", display_name="Thomas van der Linden", roles=("ADMIN",)),
    # Party representatives.
    DemoUser(
        email="jan.devries@example.org",
        display_name="Jan de Vries",
        memberships=(DemoMembership("gemeentebelangen-veendam", "CHAIR", "VERIFIED"),),
    ),
    DemoUser(
        email="fatima.elamrani@example.org",
        display_name="Fatima El Amrani",
        memberships=(DemoMembership("lokaal-rotterdam", "SECRETARY", "VERIFIED"),),
    ),
    DemoUser(
        email="annemiek.jansen@example.org",
        display_name="Annemiek Jansen",
        memberships=(DemoMembership("soest-lokaal", "CHAIR", "VERIFIED"),),
    ),
    DemoUser(
        email="pieter.bakker@example.org",
        display_name="Pieter Bakker",
        memberships=(DemoMembership("doetinchem-lokaal", "TREASURER", "VERIFIED"),),
    ),
    DemoUser(
        email="kees.vandijk@example.org",
        display_name="Kees van Dijk",
        memberships=(DemoMembership("doetinchem-lokaal", "ALDERMAN", "VERIFIED"),),
    ),
    DemoUser(
        email="sanne.mulder@example.org",
        display_name="Sanne Mulder",
        memberships=(DemoMembership("stadspartij-nijmegen", "COUNCIL_MEMBER", "VERIFIED"),),
    ),
    DemoUser(
        email="ruud.hendriks@example.org",
        display_name="Ruud Hendriks",
        memberships=(DemoMembership("leefbaar-venlo", "COUNCIL_MEMBER", "VERIFIED"),),
    ),
    DemoUser(
        email="ingrid.postma@example.org",
        display_name="Ingrid Postma",
        memberships=(DemoMembership("eilandbelang-terschelling", "CHAIR", "VERIFIED"),),
    ),
    DemoUser(
        email="mehmet.yilmaz@example.org",
        display_name="Mehmet Yılmaz",
        memberships=(DemoMembership("stadspartij-delft", "SECRETARY", "VERIFIED"),),
    ),
    DemoUser(
        email="marloes.deboer@example.org",
        display_name="Marloes de Boer",
        memberships=(DemoMembership("dorpsbelangen-meierijstad", "COUNCIL_MEMBER", "VERIFIED"),),
    ),
    DemoUser(
        email="gerrit.wolters@example.org",
        display_name="Gerrit Wolters",
        memberships=(DemoMembership("dorpsbelangen-bronckhorst", "SECRETARY", "VERIFIED"),),
    ),
    DemoUser(
        email="lisa.smit@example.org",
        display_name="Lisa Smit",
        memberships=(DemoMembership("heerenveen-lokaal", "CANDIDATE", "PENDING"),),
    ),
    DemoUser(
        email="henk.visser@example.org",
        display_name="Henk Visser",
        memberships=(DemoMembership("gemeentebelangen-goes", "BOARD_MEMBER", "REVOKED"),),
    ),
    # Registered user without any party membership.
    DemoUser(email="noor.bos@example.org", display_name="Noor Bos"),
)


# ---------------------------------------------------------------------------
# Trainings
# ---------------------------------------------------------------------------

TRAININGS: tuple[DemoTraining, ...] = (
    # Multi-session course, upcoming.
    DemoTraining(
        slug="basiscursus-raadswerk",
        title="Basiscursus raadswerk",
        summary=(
            "Vier avonden over de basis van het raadswerk: van de Gemeentewet en de begroting tot "
            "moties, amendementen en het samenwerken in een kleine fractie."
        ),
        description=_md(
            """
            Nieuw in de raad, of binnenkort kandidaat? In deze basiscursus leert u in vier avonden
            hoe de gemeenteraad werkt en hoe u als raadslid van een lokale partij het verschil
            maakt.

            ## Programma

            1. **De spelregels**: de rol van raad, college en burgemeester, het dualisme en het
               reglement van orde.
            2. **Geld en grip**: de begrotingscyclus, de jaarrekening en hoe u in korte tijd de
               hoofdlijnen van een begroting doorziet.
            3. **Instrumenten**: schriftelijke vragen, moties, amendementen en het
               initiatiefvoorstel, met oefeningen aan de hand van echte raadsvoorstellen.
            4. **Werken als kleine fractie**: keuzes maken, samenwerken, burgerleden inzetten en
               zichtbaar blijven.

            ## Voor wie?

            Voor (nieuwe) raadsleden, burgerleden en kandidaten van lokale partijen. Voorkennis is
            niet nodig. Tussen de avonden door maakt u een korte opdracht, zodat u direct
            oefent met stukken uit uw eigen gemeente.

            ## Praktisch

            De cursus bestaat uit vier bijeenkomsten; we verwachten dat u ze alle vier bijwoont.
            Koffie, thee en een eenvoudige maaltijd vooraf zijn inbegrepen. Deelname is gratis
            voor leden van Kennispunt. U kunt de kosten voor scholing van raadsleden vaak
            declareren uit de fractieondersteuning; vraag dat na bij uw griffie.
            """
        ),
        topic="raadswerk-en-coalitievorming",
        format="IN_PERSON",
        location="Zalencentrum De Eemhof, Stationsplein 8, Amersfoort",
        sessions=(
            DemoSession(days_from_today=14, start="19:30", minutes=150),
            DemoSession(days_from_today=21, start="19:30", minutes=150),
            DemoSession(days_from_today=28, start="19:30", minutes=150),
            DemoSession(days_from_today=35, start="19:30", minutes=150),
        ),
        capacity=20,
        deadline_days_before=7,
        registrations=(
            "sanne.mulder@example.org",
            "lisa.smit@example.org",
            "marloes.deboer@example.org",
            "ruud.hendriks@example.org",
            "noor.bos@example.org",
            "fatima.elamrani@example.org",
        ),
    ),
    DemoTraining(
        slug="webinar-kandidatenlijst-inleveren",
        title="Webinar: de kandidatenlijst foutloos inleveren",
        summary=(
            "In anderhalf uur door alle formulieren, termijnen en valkuilen rond de "
            "kandidaatstelling, met ruimte voor uw vragen."
        ),
        description=_md(
            """
            Elke verkiezing worden er kandidatenlijsten ongeldig verklaard door kleine fouten: een
            ontbrekende handtekening, een verkeerde voorletter of te weinig
            ondersteuningsverklaringen. In dit webinar zorgen we dat dat uw partij niet overkomt.

            ## Wat komt aan bod?

            - De planning richting de dag van kandidaatstelling.
            - De registratie van de aanduiding en de rol van de gemachtigde.
            - De kandidatenlijst, de instemmingsverklaringen en de kopieën van
              identiteitsbewijzen.
            - Ondersteuningsverklaringen: hoeveel, wanneer en hoe u ze organiseert.
            - De waarborgsom en wanneer u die terugkrijgt.
            - Wat er gebeurt na het inleveren, inclusief het herstellen van verzuimen.

            ## Voor wie?

            Voor secretarissen, gemachtigden en andere bestuursleden die de kandidaatstelling
            voorbereiden. Het webinar is vooral nuttig voor partijen die voor het eerst meedoen.

            ## Praktisch

            U ontvangt na aanmelding een link. Het webinar wordt opgenomen; deelnemers krijgen de
            opname en een checklist toegestuurd. Gebruik naast dit webinar altijd de actuele
            informatie en formulieren van de Kiesraad.
            """
        ),
        topic="kandidatenlijst",
        format="ONLINE",
        location="Online (Zoom)",
        sessions=(DemoSession(days_from_today=10, start="20:00", minutes=90),),
        capacity=100,
        deadline_days_before=1,
        registrations=(
            "fatima.elamrani@example.org",
            "lisa.smit@example.org",
            "mehmet.yilmaz@example.org",
            "gerrit.wolters@example.org",
        ),
    ),
    # Multi-session course, upcoming.
    DemoTraining(
        slug="campagnetraining-in-drie-avonden",
        title="Campagnetraining in drie avonden",
        summary=(
            "Van campagneplan tot deur-aan-deurgesprek: in drie online avonden zet u de basis "
            "voor een sterke lokale campagne."
        ),
        description=_md(
            """
            Een goede campagne begint met een plan. In deze online training werkt u in drie avonden
            aan het campagneplan voor uw eigen partij, met feedback van ervaren campagneleiders van
            lokale partijen.

            ## Programma

            1. **Strategie**: doelen, doelgroepen, kernboodschappen en een realistische begroting.
            2. **Middelen**: deur-aan-deurgesprekken, de markt, lokale media en sociale media. Wat
               werkt in een dorp, en wat in een stad?
            3. **Mensen**: het campagneteam, vrijwilligers werven en inzetten, en de lijsttrekker
               voorbereiden op debatten.

            ## Wat levert het op?

            Na afloop heeft u een eerste versie van een campagneplan met een weekplanning, die u
            kunt voorleggen aan uw bestuur. U krijgt bovendien een set sjablonen voor flyers,
            persberichten en een vrijwilligersrooster.

            ## Voor wie?

            Voor campagneleiders, bestuursleden en lijsttrekkers. Kom bij voorkeur met twee mensen
            uit dezelfde partij, zodat u tussen de avonden samen verder kunt werken aan de
            opdrachten.

            ## Praktisch

            De training vindt online plaats. Zorg voor een werkende camera en microfoon: we werken
            veel in kleine groepen.
            """
        ),
        topic="campagne-voeren",
        format="ONLINE",
        location="Online (Microsoft Teams)",
        sessions=(
            DemoSession(days_from_today=30, start="19:30", minutes=120),
            DemoSession(days_from_today=37, start="19:30", minutes=120),
            DemoSession(days_from_today=44, start="19:30", minutes=120),
        ),
        capacity=25,
        deadline_days_before=5,
        registrations=(
            "jan.devries@example.org",
            "annemiek.jansen@example.org",
            "gerrit.wolters@example.org",
        ),
    ),
    # Full training with a waitlist: capacity 6, 8 registrations (last two waitlisted).
    DemoTraining(
        slug="workshop-penningmeester-en-kascommissie",
        title="Workshop voor penningmeesters en kascommissies",
        summary=(
            "Een praktische ochtend over begroting, jaarrekening, giftenbeleid en de controle door "
            "de kascommissie. Kleine groep, veel ruimte voor eigen vragen."
        ),
        description=_md(
            """
            Penningmeester van een lokale partij is een belangrijke, maar vaak eenzame functie. In
            deze workshop wisselt u ervaringen uit met collega's en krijgt u praktische
            hulpmiddelen mee.

            ## Onderwerpen

            - Een overzichtelijke begroting, met een reserve voor het verkiezingsjaar.
            - Contributie innen en de administratie eenvoudig houden.
            - Een giftenbeleid opstellen en giften zorgvuldig registreren.
            - Partijgeld en fractiegeld gescheiden houden.
            - Wat de kascommissie controleert en hoe u daarop voorbereid bent.

            ## Werkwijze

            We werken in een kleine groep van maximaal zes deelnemers. Neem de begroting of
            jaarrekening van uw eigen partij mee (eventueel geanonimiseerd); we gebruiken die als
            oefenmateriaal. Leden van de kascommissie zijn ook van harte welkom.

            ## Praktisch

            De workshop vindt plaats op een zaterdagochtend in Zwolle, goed bereikbaar met het
            openbaar vervoer. Koffie en lunch zijn inbegrepen. Is de workshop vol, dan plaatsen we
            u op de wachtlijst. Bij voldoende belangstelling organiseren we een tweede ochtend.
            """
        ),
        topic="financien",
        format="IN_PERSON",
        location="Vergaderlocatie De Vrije Vogel, Melkmarkt 24, Zwolle",
        sessions=(DemoSession(days_from_today=21, start="10:00", minutes=180),),
        capacity=6,
        deadline_days_before=7,
        registrations=(
            "pieter.bakker@example.org",
            "jan.devries@example.org",
            "ingrid.postma@example.org",
            "gerrit.wolters@example.org",
            "mehmet.yilmaz@example.org",
            "annemiek.jansen@example.org",
            # waitlist
            "fatima.elamrani@example.org",
            "noor.bos@example.org",
        ),
    ),
    # Full training without a waitlist: capacity 5, exactly 5 registrations.
    DemoTraining(
        slug="integriteit-in-de-praktijk",
        title="Integriteit in de praktijk: dilemma's voor raadsleden",
        summary=(
            "Een interactieve avond over integriteitsdilemma's in het raadswerk, van nevenfuncties "
            "tot de buurman die om een gunst vraagt."
        ),
        description=_md(
            """
            Integriteit gaat zelden over grote schandalen, en bijna altijd over kleine,
            alledaagse keuzes. Mag u meepraten over een bestemmingsplan in uw eigen straat? Wat
            doet u als een ondernemer u uitnodigt voor een wedstrijd? En hoe gaat u om met
            vertrouwelijke informatie?

            ## Werkwijze

            Aan de hand van herkenbare dilemma's uit de lokale politiek gaat u met andere
            raadsleden in gesprek. Er is niet altijd één goed antwoord; het gaat erom dat u leert
            de juiste vragen te stellen. De trainer licht toe welke regels gelden, zoals de
            openbaarmaking van nevenfuncties en de gedragscode van de raad.

            ## Onderwerpen

            - Belangenverstrengeling en wanneer u zich van stemming onthoudt.
            - Nevenfuncties en giften.
            - Omgaan met vertrouwelijke informatie.
            - De VOG en de risicoanalyse voor kandidaat-wethouders.
            - Wat u als partij doet bij een integriteitsmelding.

            ## Voor wie?

            Voor raadsleden, wethouders, burgerleden en kandidaten. Om een open gesprek mogelijk
            te maken, werken we met een kleine groep. Wat in de groep wordt besproken, blijft in
            de groep.
            """
        ),
        topic="integriteit",
        format="IN_PERSON",
        location="Buurtcentrum De Kastanje, Kerkstraat 3, Eindhoven",
        sessions=(DemoSession(days_from_today=40, start="19:00", minutes=150),),
        capacity=5,
        deadline_days_before=10,
        registrations=(
            "kees.vandijk@example.org",
            "sanne.mulder@example.org",
            "ruud.hendriks@example.org",
            "marloes.deboer@example.org",
            "lisa.smit@example.org",
        ),
    ),
    DemoTraining(
        slug="e-learning-een-lokale-partij-oprichten",
        title="E-learning: een lokale partij oprichten",
        summary=(
            "Een online module in uw eigen tempo over de vereniging, de statuten, de KvK en de "
            "registratie van de aanduiding bij het centraal stembureau."
        ),
        description=_md(
            """
            Wilt u een nieuwe lokale partij oprichten? Deze e-learning neemt u stap voor stap mee
            in alles wat daarbij komt kijken. U volgt de module wanneer het u uitkomt en kunt
            tussendoor stoppen en later verdergaan.

            ## Inhoud

            1. **De vereniging**: waarom een vereniging met volledige rechtsbevoegdheid nodig is
               en wat er in de statuten hoort.
            2. **Notaris en KvK**: hoe de oprichting verloopt en welke gegevens u nodig heeft.
            3. **De aanduiding**: een naam kiezen en de registratie bij het centraal stembureau,
               inclusief de termijnen.
            4. **Het eerste bestuur**: rollen, taakverdeling en een huishoudelijk reglement.
            5. **Op weg naar de verkiezingen**: een planning tot aan de dag van kandidaatstelling.

            ## Werkwijze

            Elk onderdeel bestaat uit korte teksten, video's en een paar vragen om uw kennis te
            toetsen. Na afloop downloadt u een checklist en voorbeelddocumenten, zoals een
            model-huishoudelijk reglement. De totale studietijd is ongeveer anderhalf uur.
            """
        ),
        topic="partij-oprichten",
        format="E_LEARNING",
        location=None,
        sessions=(DemoSession(days_from_today=3, start="09:00", minutes=90),),
        capacity=500,
        deadline_days_before=0,
        registrations=(
            "lisa.smit@example.org",
            "noor.bos@example.org",
        ),
    ),
    # Multi-session course, upcoming.
    DemoTraining(
        slug="coalitieonderhandelingen-voorbereiden",
        title="Coalitieonderhandelingen voorbereiden",
        summary=(
            "Twee zaterdagen over de voorbereiding op coalitieonderhandelingen: inzet bepalen, "
            "onderhandelen en een goed akkoord op papier krijgen."
        ),
        description=_md(
            """
            Een goede uitslag is pas het begin. Wie na de verkiezingen aan tafel zit, moet weten
            wat hij wil, wat hij kan weggeven en wanneer hij beter kan opstaan. In deze tweedaagse
            training bereidt u zich daar samen met andere lokale partijen op voor.

            ## Dag 1: de voorbereiding

            - Speerpunten kiezen uit het verkiezingsprogramma.
            - Het mandaat van het onderhandelingsteam en de rol van de leden.
            - De procedure: verkenner, informateur en formateur, en alternatieven zoals een
              raadsakkoord.
            - Kandidaat-wethouders selecteren en voorbereiden op de integriteitstoets.

            ## Dag 2: aan tafel

            - Onderhandelingstechnieken, geoefend in een realistische simulatie.
            - Van afspraak naar tekst: concrete formuleringen en een financiële paragraaf.
            - Portefeuilles verdelen en afspraken over samenwerking in de coalitie.

            ## Voor wie?

            Voor fractievoorzitters, lijsttrekkers, partijvoorzitters en leden van een
            onderhandelingsteam. De simulatie werkt het best als u beide dagen aanwezig bent.
            """
        ),
        topic="raadswerk-en-coalitievorming",
        format="IN_PERSON",
        location="Congreszaal Het Spoor, Jaarbeursboulevard 5, Utrecht",
        sessions=(
            DemoSession(days_from_today=60, start="10:00", minutes=360),
            DemoSession(days_from_today=67, start="10:00", minutes=360),
        ),
        capacity=16,
        deadline_days_before=14,
        registrations=(
            "kees.vandijk@example.org",
            "annemiek.jansen@example.org",
            "ingrid.postma@example.org",
        ),
    ),
    # Draft, not yet published.
    DemoTraining(
        slug="leiderschap-voor-fractievoorzitters",
        title="Leiderschap voor fractievoorzitters",
        summary=(
            "Een avond voor fractievoorzitters over het leiden van een fractie, het omgaan met "
            "spanningen en de samenwerking met het partijbestuur."
        ),
        description=_md(
            """
            Als fractievoorzitter bent u aanvoerder, woordvoerder en vaak ook vertrouwenspersoon.
            Dat vraagt andere vaardigheden dan het raadswerk zelf. In deze training staan we stil
            bij uw rol als leider van de fractie.

            ## Onderwerpen

            - Taken verdelen in een kleine fractie en met burgerleden.
            - Het fractieoverleg: effectief vergaderen en besluiten nemen.
            - Omgaan met meningsverschillen en spanningen binnen de fractie.
            - De verhouding tussen fractie en partijbestuur.
            - Wat te doen als een fractielid zich afsplitst of onder vuur komt te liggen.

            ## Werkwijze

            We werken met korte inleidingen, casussen en intervisie in kleine groepen. Een ervaren
            oud-fractievoorzitter van een lokale partij deelt haar ervaringen.

            ## Voor wie?

            Voor fractievoorzitters en vicefractievoorzitters van lokale partijen. Het programma
            en de locatie worden binnenkort bekendgemaakt.
            """
        ),
        topic="raadswerk-en-coalitievorming",
        format="IN_PERSON",
        location="Den Haag (locatie volgt)",
        sessions=(DemoSession(days_from_today=80, start="19:30", minutes=150),),
        capacity=15,
        deadline_days_before=7,
        published=False,
    ),
    # --- Past trainings ---
    DemoTraining(
        slug="schrijfavond-verkiezingsprogramma",
        title="Schrijfavond: een lokaal verkiezingsprogramma",
        summary=(
            "Een online avond over het proces en de inhoud van een verkiezingsprogramma, met "
            "schrijftips voor begrijpelijke taal."
        ),
        description=_md(
            """
            Hoe maakt u een programma dat inwoners écht lezen? Tijdens deze online avond delen
            programmacommissies van verschillende lokale partijen hun aanpak.

            ## Programma

            - Het proces: van programmacommissie tot vaststelling in de ledenvergadering.
            - Input ophalen bij leden, inwoners en de eigen fractie.
            - Concreet en haalbaar schrijven: wat kan de gemeente wel en niet?
            - Schrijven in begrijpelijke taal, met oefeningen.
            - Een korte versie voor de campagne.

            ## Voor wie?

            Voor leden van programmacommissies, bestuursleden en raadsleden die meeschrijven aan
            het programma.

            ## Na afloop

            Deelnemers ontvangen de presentatie, een stappenplan en een voorbeeldindeling voor een
            lokaal programma. De opname is beschikbaar voor iedereen die zich had aangemeld.
            """
        ),
        topic="verkiezingsprogramma",
        format="ONLINE",
        location="Online (Zoom)",
        sessions=(DemoSession(days_from_today=-30, start="19:30", minutes=120),),
        capacity=40,
        deadline_days_before=1,
        registrations=(
            "annemiek.jansen@example.org",
            "jan.devries@example.org",
            "sanne.mulder@example.org",
            "mehmet.yilmaz@example.org",
            "ingrid.postma@example.org",
        ),
    ),
    DemoTraining(
        slug="ledenadministratie-en-avg-workshop",
        title="Workshop ledenadministratie en AVG",
        summary=(
            "Een ochtend over het veilig en praktisch inrichten van de ledenadministratie van een "
            "politieke vereniging, binnen de regels van de AVG."
        ),
        description=_md(
            """
            Een ledenlijst van een politieke partij bevat bijzondere persoonsgegevens. In deze
            workshop leert u wat dat betekent voor uw vereniging, en hoe u de administratie zo
            inricht dat ze veilig én werkbaar is.

            ## Onderwerpen

            - Welke gegevens mag en moet u vastleggen?
            - Toegang beperken en wachtwoorden veilig beheren.
            - Verwerkersovereenkomsten met softwareleveranciers.
            - Een register van verwerkingen en een privacyverklaring opstellen.
            - Nieuwsbrieven aan leden en niet-leden.
            - Wat te doen bij een datalek.

            ## Werkwijze

            Na een korte inleiding werkt u met een checklist aan de situatie in uw eigen partij.
            U gaat naar huis met een concrete actielijst voor het bestuur.

            ## Voor wie?

            Voor secretarissen, ledenadministrateurs en andere bestuursleden die met
            persoonsgegevens werken.
            """
        ),
        topic="bestuur-en-organisatie",
        format="IN_PERSON",
        location="Vergaderlocatie De Vrije Vogel, Melkmarkt 24, Zwolle",
        sessions=(DemoSession(days_from_today=-60, start="10:00", minutes=180),),
        capacity=12,
        deadline_days_before=7,
        registrations=(
            "fatima.elamrani@example.org",
            "mehmet.yilmaz@example.org",
            "gerrit.wolters@example.org",
            "pieter.bakker@example.org",
            "jan.devries@example.org",
            "henk.visser@example.org",
        ),
    ),
    DemoTraining(
        slug="webinar-sociale-media",
        title="Webinar: sociale media voor lokale partijen",
        summary=(
            "Een compact webinar over kanalen kiezen, korte video's maken en omgaan met kritiek op "
            "sociale media."
        ),
        description=_md(
            """
            Sociale media zijn voor lokale partijen een goedkope manier om zichtbaar te zijn,
            maar het kost tijd en vraagt om afspraken. In dit webinar krijgt u in een uur de
            belangrijkste handvatten.

            ## Onderwerpen

            - Welke kanalen passen bij uw gemeente en uw achterban?
            - Een eenvoudig communicatieprotocol: wie post wat, en hoe snel reageert u?
            - Korte video's maken met uw telefoon, inclusief ondertiteling.
            - Omgaan met kritiek, trollen en bedreigingen.
            - Beveiliging van accounts en privacy bij foto's.

            ## Voor wie?

            Voor bestuursleden, raadsleden en vrijwilligers die de sociale media van hun partij
            (gaan) verzorgen. Voorkennis is niet nodig.

            ## Na afloop

            Deelnemers krijgen de opname, de presentatie en een sjabloon voor een
            contentkalender toegestuurd.
            """
        ),
        topic="communicatie",
        format="ONLINE",
        location="Online (Zoom)",
        sessions=(DemoSession(days_from_today=-12, start="20:00", minutes=60),),
        capacity=50,
        deadline_days_before=0,
        registrations=(
            "ruud.hendriks@example.org",
            "marloes.deboer@example.org",
            "noor.bos@example.org",
            "lisa.smit@example.org",
        ),
    ),
)


# ---------------------------------------------------------------------------
# Self-check
# ---------------------------------------------------------------------------


def _check_unique(kind: str, values: list[str], errors: list[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            errors.append(f"duplicate {kind}: {value!r}")
        seen.add(value)


def check_references() -> None:
    """Raise ValueError if any reference in the demo content does not resolve.

    Checks: duplicate slugs/emails, article and training topics, membership parties,
    training registrations, and the allowed enum values.
    """
    errors: list[str] = []

    _check_unique("topic slug", [t.slug for t in TOPICS], errors)
    _check_unique("article slug", [a.slug for a in ARTICLES], errors)
    _check_unique("party slug", [p.slug for p in PARTIES], errors)
    _check_unique("training slug", [t.slug for t in TRAININGS], errors)
    _check_unique("user email", [u.email.lower() for u in USERS], errors)

    topic_slugs = {t.slug for t in TOPICS}
    party_slugs = {p.slug for p in PARTIES}
    emails = {u.email for u in USERS}

    for article in ARTICLES:
        if article.topic not in topic_slugs:
            errors.append(f"article {article.slug!r}: unknown topic {article.topic!r}")
        if len(article.summary) > 300:
            errors.append(f"article {article.slug!r}: summary longer than 300 characters")

    for party in PARTIES:
        code = party.municipality_code
        if len(code) != 6 or not code.startswith("GM") or not code[2:].isdigit():
            errors.append(f"party {party.slug!r}: malformed municipality code {code!r}")

    for user in USERS:
        if not user.email.endswith("@example.org"):
            errors.append(f"user {user.email!r}: not an @example.org address")
        for role in user.roles:
            if role not in STAFF_ROLES:
                errors.append(f"user {user.email!r}: unknown staff role {role!r}")
        for membership in user.memberships:
            if membership.party not in party_slugs:
                errors.append(f"user {user.email!r}: unknown party {membership.party!r}")
            if membership.role not in MEMBERSHIP_ROLES:
                errors.append(f"user {user.email!r}: unknown role {membership.role!r}")
            if membership.status not in MEMBERSHIP_STATUSES:
                errors.append(f"user {user.email!r}: unknown status {membership.status!r}")

    for training in TRAININGS:
        if training.topic not in topic_slugs:
            errors.append(f"training {training.slug!r}: unknown topic {training.topic!r}")
        if training.format not in TRAINING_FORMATS:
            errors.append(f"training {training.slug!r}: unknown format {training.format!r}")
        if not 1 <= len(training.sessions) <= 5:
            errors.append(f"training {training.slug!r}: needs 1-5 sessions")
        _check_unique(f"registration in {training.slug!r}", list(training.registrations), errors)
        for email in training.registrations:
            if email not in emails:
                errors.append(f"training {training.slug!r}: unknown user {email!r}")

    if errors:
        raise ValueError("Demo content has broken references:\n" + "\n".join(errors))
