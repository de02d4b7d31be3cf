"""Words around person names, per language: honorifics, roles, and words that are never names.

Lower-case, accent-folded (``fold``) entries; multi-word cues are matched as phrases. Role cues
are what news writes before a private person ("activist", "la periodista", "правозащитница",
"الناشطة", "활동가"); public-office titles are listed apart, because a president or minister is
usually a public figure (still a finding when the registry does not list them, at a low score).
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of a block of text."""
    return frozenset(text.split())


# Name particles: inside names ("José de la Serna", "Ibn Battuta"), never a name alone.
PARTICLES = words(
    "de da das do dos del della di du la le van von der den ten ter al el bin ibn ben abu y e"
)

HONORIFICS = words(
    """
    mr mr. mrs mrs. ms ms. miss mx dr dr. prof prof. sir dame madam
    sr sr. sra sra. srta srta. don dona doña dª d. señor senor señora senora
    m. mme mme. mlle monsieur madame mademoiselle
    senhor senhora sr.ª
    bay bayan hanım hanim bey
    herr frau
    """
)

ROLES = words(
    """
    activist activists journalist journalists reporter reporters blogger bloggers lawyer lawyers
    attorney defender defenders student students teacher teachers unionist trade-unionist
    organiser organizer protester protesters demonstrator detainee prisoner farmer worker
    photographer photojournalist cameraman camerawoman editor writer poet artist musician rapper
    leader leaders campaigner researcher doctor nurse pastor priest imam witness victim
    daughter son wife husband mother father brother sister widow cousin relative neighbour neighbor
    correspondent columnist anchor presenter producer youtuber influencer dissident opponent
    residents resident villager villagers guard teenager boy girl man woman
    author publisher founder co-founder peacemaker member members coordinator spokesperson-of
    novelist filmmaker director-of secretary-of activist-lawyer rights-defender pastor activists'
    peasant miner fisherman fishermen driver vendor trader businessman businesswoman
    activista activistas periodista periodistas reportero reportera abogado abogada defensor
    defensora defensores lider líder lideresa dirigente sindicalista estudiante maestro maestra
    profesor profesora campesino campesina trabajador trabajadora fotografo fotógrafo fotografa
    fotógrafa comunicador comunicadora escritor escritora poeta artista opositor opositora
    comunero comunera indigena indígena vocero vocera hermano hermana hijo hija esposa esposo
    madre padre viuda vecino vecina testigo victima víctima joven señor señora
    militant militante journaliste avocat avocate defenseur défenseur defenseure défenseure
    etudiant étudiant etudiante étudiante syndicaliste enseignant enseignante blogueur blogueuse
    opposant opposante photographe ecrivain écrivain ecrivaine écrivaine frere frère soeur sœur
    fils fille epouse épouse mari mere mère pere père temoin témoin
    ativista jornalista advogado advogada defensora estudante professora trabalhador
    trabalhadora lideranca liderança indigena
    gazeteci aktivist avukat ogrenci öğrenci sendikaci sendikacı yazar muhabir ogretmen öğretmen
    savunucu savunucusu
    журналист журналистка журналиста журналистки журналистку активист активистка активиста
    активистки активистку правозащитник правозащитница правозащитника правозащитницы
    правозащитницу адвокат адвоката блогер блогера блогерку оппозиционер оппозиционера
    оппозиционерка студент студентка студента студентку учитель учительница фотограф
    корреспондент корреспондента задержанный задержанная жительница житель гражданин
    гражданка господин госпожа г-н г-жа пастор священник
    الناشط الناشطة الصحفي الصحفية الصحافي الصحافية المحامي المحامية المدافع المدافعة المدون
    المدونة الطالب الطالبة المعلم المعلمة الشاعر الشاعرة الكاتب الكاتبة السيد السيدة
    المعارض المعارضة النقابي النقابية المصور المصورة المعتقل المعتقلة الشيخ الدكتور الدكتورة
    الحقوقي الحقوقية المواطن المواطنة الشاب الشابة الفنان الفنانة المراسل المراسلة الأستاذ
    الأستاذة الاستاذ الاستاذة
    활동가 기자 변호사 학생 교사 교수 작가 시인 노동자 운동가 인권활동가 목사
    """
)

PUBLIC_OFFICES = words(
    """
    president president-elect vice-president prime premier minister ministers senator governor
    mayor congressman congresswoman congressman mp king queen prince princess pope chancellor
    secretary-general general colonel commander chief spokesman spokeswoman spokesperson ambassador
    judge prosecutor sheikh emir sultan ayatollah
    presidente ministra ministro senador senadora gobernador gobernadora alcalde alcaldesa
    diputado diputada rey reina papa canciller general coronel fiscal juez jueza portavoz
    président présidente ministre sénateur sénatrice gouverneur maire député députée roi reine
    pape chancelier juge procureur porte-parole
    prefeito prefeita deputado deputada governador governadora
    cumhurbaşkanı cumhurbaskani bakan başbakan basbakan
    президент министр премьер губернатор мэр депутат генерал судья прокурор спикер
    الرئيس الوزير الأمير الامير الملك رئيس وزير النائب اللواء العقيد القاضي
    대통령 장관 총리 의원 시장 대표 위원장
    """
)

# Capitalised words that start sentences, name institutions or places, and are never a given name
# in a person's name here (even where a gazetteer lists them as one).
NOT_NAMES = words(
    """
    the a an and or but in on at of for to from by with as this that these those it its he she
    they we his her their our there here when where while after before during since until under
    over about against between into through per via not no yes if then also however meanwhile
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december
    el la los las un una y o pero en de del con por para sin sobre desde hasta según segun este
    esta estos estas ese esa aquel lunes martes miércoles miercoles jueves viernes sábado sabado
    domingo enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre
    noviembre diciembre
    le les une des et ou mais dans sur avec pour sans selon cette ces lundi mardi mercredi jeudi
    vendredi samedi dimanche janvier février fevrier mars avril mai juin juillet août aout
    septembre octobre novembre décembre decembre
    o os as um uma e em com sem segundo segunda terça quarta quinta sexta sábado domingo janeiro
    fevereiro março marco abril maio junho julho agosto setembro outubro novembro dezembro
    god allah jesus christ christmas easter ramadan eid
    north south east west northern southern eastern western central new old great united
    street road avenue square park bridge river lake mount
    news times post daily press tv radio agency reuters afp ap bbc cnn
    human rights international national federal state republic democratic popular people
    """
)

# Words that make a capitalised sequence an organisation, a place or a thing, not a person.
ORG_WORDS = words(
    """
    party ministry ministries government university college school hospital police army forces
    force council union front movement committee commission association federation foundation
    institute institution organisation organization network centre center court tribunal
    parliament assembly congress senate office agency bank company corporation group alliance
    coalition league society church mosque temple airport station prison jail square street road
    avenue bridge district province region county city state states kingdom republic nations
    watch amnesty news times post tribune herald guardian journal magazine television channel
    radio press media club fc festival prize award act law bill code decree treaty agreement day
    week month year war revolution spring summit conference report index project program programme
    partido ministerio gobierno universidad colegio escuela hospital policía policia ejército
    ejercito fuerzas consejo unión union frente movimiento comité comite comisión comision
    asociación asociacion federación federacion fundación fundacion instituto red centro corte
    tribunal parlamento asamblea congreso senado oficina agencia banco empresa grupo alianza
    coalición coalicion liga sociedad iglesia cárcel carcel prisión prision plaza calle avenida
    provincia región region ciudad estado reino república republica naciones ley decreto
    parti ministère ministere gouvernement université universite école ecole hôpital hopital
    armée armee conseil mouvement comité commission fédération federation fondation réseau
    reseau cour parlement assemblée assemblee sénat senat agence banque groupe ligue société
    societe église eglise prison place rue boulevard ville état etat royaume république loi
    partido ministério ministerio governo universidade escola exército exercito conselho
    movimento comissão comissao associação associacao fundação fundacao rede justiça justica
    praça praca rua cidade estado lei
    coast valley valle island islands isla islas sierra rio río lago monte cerro bahia bahía
    golfo mar costa puerto port cabo cape gulf bay sea mountains montaña desert
    ruta route highway autopista carretera parque hospital interzonal dia día jornada
    embassy consulate market economy labour labor airlines airways motors
    officer executive director manager chairman chairwoman election elections
    """
)

# Frequent words in the first-name gazetteer that, capitalised, are mostly not names in news.
GAZETTEER_STOP = words(
    """
    will may mark grace hope faith joy rose june april august summer autumn winter spring
    china india israel jordan georgia chad paris florence victoria virginia carolina kenya asia
    africa america european america sudan lebanon
    justice liberty major general royal sterling star king queen prince princess duke earl
    young long little black white brown green gray grey golden silver rich price bill
    cash chance christian sunny dawn sky ocean river forest lane way page young
    pope saint san santa santo sao são said
    """
)

# Common Arabic given names (folded: hamza forms and ta marbuta merged as in ``fold``).
ARABIC_GIVEN = words(
    """
    محمد احمد علي حسن حسين محمود مصطفي عمر خالد يوسف ابراهيم اسماعيل عبد عبدالله عبدالرحمن
    عبدالعزيز سعيد سعد سامي سمير طارق وليد ياسر ماجد فيصل فهد نبيل هشام عادل كريم رامي زياد
    جمال كمال منصور ناصر بشير رضا مهدي عماد نادر نزار باسل باسم حمزه بلال انس اسامه عثمان
    فاطمه مريم عائشه خديجه زينب نور سلمي ليلي هدي منى سارة ساره رانيا دينا ايمان اسماء امل
    هند لينا رنا سميره نجلاء لجين عزيزه نوال سعاد رقيه حنان غاده ياسمين شيماء اسراء
    """
)

ARABIC_STOP = words(
    """
    في من على الى الي عن ان إن أن قد التي الذي الذين اللذين التى كان كانت يكون تم بعد قبل خلال
    منذ حتى مع بين عند لدى لدي هو هي هم وقد وكان وهو وهي امس أمس اليوم يوم الاحد الاثنين
    الثلاثاء الاربعاء الخميس الجمعه السبت بسبب بتهمه اثر إثر حيث كما لكن او أو ثم لا لم لن ما
    هذا هذه ذلك تلك وذلك وفق بحسب حسب بينما ايضا أيضا عام سنه مدينه بلده قريه محافظه
    """
)

KOREAN_SURNAMES = words(
    """
    김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양
    손 배 백 허 남 심 노 하
    곽 성 차 주 우 구 민 진 나 지 엄 변 채 원 천 방 공 현 함 염 여 추 도 소 석 선 설 마 길 연 위 표
    명 기 반 라 왕 금 옥 육 인 맹 제 모 탁 국 어 은 편 용 예 경 봉 사 부
    """
)
# Words that start with a surname syllable and stand before a title: "인권활동가" (rights activist).
KOREAN_NOT_NAMES = words(
    """
    인권 노동 시민 환경 여성 청년 정치 사회 교육 평화 통일 민주 장애 이주 기후 동물 문화 한국 지역
    현장 전문 공동 전국 노조 정부 국회 경찰 검찰 법원 언론 방송 신문 사진 영상 전직 현직 이번 당시
    """
)
KOREAN_TWO_SYLLABLE_SURNAMES = words("황보 남궁 제갈 선우 독고 사공 서문")
# Titles written after a Korean name: "김철수 씨", "이영희 기자", "박 변호사".
KOREAN_AFTER = tuple(
    words(
        """
        씨 기자 변호사 활동가 교수 대표 위원장 목사 학생 작가 시인 노동자 님 선생 선생님
        사무국장 국장 팀장 간사
        """
    )
)

CYRILLIC_GIVEN = words(
    """
    иван алексей алексея сергей сергея андрей андрея дмитрий дмитрия михаил михаила николай
    николая владимир владимира александр александра евгений евгения максим максима павел павла
    олег олега игорь игоря юрий юрия виктор виктора роман романа антон антона илья ильи
    денис дениса артем артём артема кирилл кирилла георгий лев льва борис бориса григорий
    елена елены ольга ольги анна анны мария марии наталья натальи татьяна татьяны ирина ирины
    светлана светланы юлия юлии екатерина екатерины анастасия анастасии дарья дарьи ксения
    ксении людмила людмилы валентина галина надежда надежды вера веры любовь софья софьи
    полина полины алла аллы марина марины оксана оксаны зарема руслан ислам магомед ахмед
    тимур тимура азат гульнара
    """
)
PATRONYMIC_ENDINGS = tuple(
    words("ович евич ьич овна евна ична инична овича евича овны евны овну евну")
)
