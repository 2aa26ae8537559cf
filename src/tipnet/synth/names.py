"""Fictional Khmer names and provincial weights for synthetic data.

Each name is a pair: its Khmer spelling and the romanisations seen in practice for it (the
variants the name search must find). A person is the family name then the given name, as in
Cambodia ("Sok Sreyneang", "សុខ ស្រីនាង"); one romanisation is picked at random per person.
"""

from __future__ import annotations

# (Khmer, [romanisations])
FAMILY_NAMES: list[tuple[str, list[str]]] = [
    ("សុខ", ["Sok", "Sokh"]), ("ចាន់", ["Chan", "Chann"]), ("ស៊ុន", ["Sun", "Soun"]),
    ("លី", ["Ly", "Lee"]), ("ហេង", ["Heng", "Hing"]), ("ជា", ["Chea", "Chia"]),
    ("គឹម", ["Kim", "Kem"]), ("ម៉ៅ", ["Mao", "Mau"]), ("ឈឹម", ["Chhim", "Chim"]),
    ("ណុប", ["Nop", "Nob"]), ("ព្រំ", ["Prom", "Prum"]), ("សួន", ["Suon", "Soun"]),
    ("ទូច", ["Touch", "Tuch"]), ("មាស", ["Meas", "Mias"]), ("ហ៊ុន", ["Hun", "Hoon"]),
    ("ស៊ិន", ["Sin", "Sinn"]), ("ពេជ្រ", ["Pich", "Pech"]), ("អ៊ុំ", ["Um", "Oum"]),
    ("យិន", ["Yin", "Yinn"]), ("កែវ", ["Keo", "Kaev"]), ("ខៀវ", ["Khieu", "Kheav"]),
    ("ឡុង", ["Long", "Loung"]), ("សោម", ["Som", "Saom"]), ("ជុំ", ["Chum", "Choum"]),
    ("តាំង", ["Tang", "Taing"]), ("ភួង", ["Phoung", "Phuong"]), ("ឌួង", ["Duong", "Doung"]),
    ("ណែម", ["Nem", "Naem"]), ("ស្រ៊ុន", ["Srun", "Sroun"]), ("ឃុន", ["Khun", "Khoun"]),
    ("សេង", ["Seng", "Sing"]), ("អ៊ឹង", ["Ung", "Eung"]), ("ហួត", ["Huot", "Hout"]),
    ("ថាច់", ["Thach", "Tach"]), ("ប៊ុន", ["Bun", "Boun"]), ("ស៊ាន", ["San", "Sann"]),
    ("វង្ស", ["Vong", "Vorng"]), ("ម៉ម", ["Mom", "Morm"]), ("ញឹម", ["Nhim", "Nhem"]),
    ("ឃឹម", ["Khim", "Khem"]), ("ពាង", ["Peang", "Pheang"]), ("ទេព", ["Tep", "Teb"]),
    ("យស់", ["Yos", "Yous"]), ("អ៊ិត", ["It", "Eth"]), ("ពៅ", ["Pov", "Pou"]),
]  # fmt: skip

# (Khmer, [romanisations], sex: "F", "M" or "" for either)
GIVEN_NAMES: list[tuple[str, list[str], str]] = [
    ("ស្រី", ["Srey", "Srei"], "F"), ("ពៅ", ["Pov", "Pou"], ""), ("ដារា", ["Dara", "Darah"], "M"),
    ("សុភា", ["Sophea", "Sopha"], "F"), ("ចាន់ថា", ["Chantha", "Chanta"], "F"),
    ("សុខា", ["Sokha", "Sokhar"], ""), ("វណ្ណា", ["Vanna", "Vana"], ""),
    ("រតនា", ["Rathana", "Ratana"], ""), ("សុផល", ["Sophal", "Sophorl"], "M"),
    ("ធីតា", ["Thida", "Tida"], "F"), ("ស្រីនាង", ["Sreyneang", "Sreineang", "Srey Neang"], "F"),
    ("ស្រីពៅ", ["Sreypov", "Sreypou", "Srey Pov"], "F"), ("ស្រីមុំ", ["Sreymom", "Sreimom"], "F"),
    ("បុប្ផា", ["Bopha", "Boppha"], "F"), ("គន្ធា", ["Kunthea", "Kanthea"], "F"),
    ("ម៉ាលី", ["Maly", "Mali"], "F"), ("ស្រីលក្ខណ៍", ["Sreyleak", "Sreileak"], "F"),
    ("សុគន្ធា", ["Sokunthea", "Sokonthea"], "F"), ("ចាន់ដា", ["Chanda", "Chandah"], "F"),
    ("សុវណ្ណ", ["Sovann", "Sovan"], "M"), ("វិចិត្រ", ["Vichet", "Vichit"], "M"),
    ("វុទ្ធី", ["Vuthy", "Vuthi"], "M"), ("កុសល", ["Kosal", "Kosol"], "M"),
    ("សំណាង", ["Samnang", "Somnang"], ""), ("ពិសិដ្ឋ", ["Piseth", "Piset"], "M"),
    ("វីរៈ", ["Virak", "Vireak"], "M"), ("ចំរើន", ["Chamroeun", "Chamreun"], "M"),
    ("សារ៉ាត", ["Sarath", "Sarat"], "M"), ("បូរ៉ា", ["Bora", "Borah"], "M"),
    ("ផល្លា", ["Phalla", "Phala"], "F"), ("ចិន្តា", ["Chenda", "Chinda"], "F"),
    ("សុភាព", ["Sopheap", "Sopheab"], "F"), ("នារី", ["Neary", "Nary", "Nearie"], "F"),
    ("លីដា", ["Lida", "Lyda"], "F"), ("សុខុម", ["Sokhom", "Sokhum"], "M"),
    ("ធារី", ["Theary", "Thiary"], "F"), ("សុធា", ["Sothea", "Sotia"], ""),
    ("មករា", ["Makara", "Makkara"], "M"), ("រស្មី", ["Reaksmey", "Raksmei"], "F"),
    ("ចន្ទ្រា", ["Chantrea", "Chantria"], "F"), ("ស្រីអូន", ["Sreyoun", "Sreioun"], "F"),
    ("សុខលី", ["Sokly", "Sokhly"], ""), ("វាសនា", ["Veasna", "Veasnar"], "M"),
    ("សម្បត្តិ", ["Sambath", "Sombath"], "M"), ("ឧត្តម", ["Oudom", "Udom"], "M"),
    ("ពិសី", ["Pisey", "Pisei"], ""), ("ចរិយា", ["Chariya", "Charya"], "F"),
    ("ដាវី", ["Davy", "Davi"], "F"), ("សុខនី", ["Sokny", "Sokni"], "F"),
    ("រ៉ានី", ["Rany", "Rani"], "F"), ("សុមាលី", ["Somaly", "Somali"], "F"),
    ("ម៉ារី", ["Mary", "Mari"], "F"), ("សុខេង", ["Sokheng", "Sokhing"], "M"),
    ("វិសាល", ["Visal", "Vesal"], "M"), ("ប៊ុនថន", ["Bunthon", "Bunthorn"], "M"),
    ("តុលា", ["Tola", "Tula"], "M"), ("រដ្ឋា", ["Rotha", "Ratha"], ""),
    ("សីហា", ["Seyha", "Seiha"], "M"), ("ពន្លក", ["Ponlok", "Panlok"], "M"),
    ("ស្រីពេជ្រ", ["Sreypich", "Sreypech"], "F"), ("ស្រីនិច", ["Sreynich", "Sreinich"], "F"),
    ("គីមហុង", ["Kimhong", "Kimhorng"], "M"), ("ភារុំ", ["Phearum", "Phearom"], "M"),
    ("សុភី", ["Sophy", "Sophi"], "F"), ("វណ្ណី", ["Vanny", "Vanni"], "F"),
    ("លក្ខិណា", ["Leakhena", "Leakena"], "F"), ("មុន្នី", ["Monny", "Muny"], "M"),
    ("សុវត្ថិ", ["Sovath", "Sovat"], "M"), ("ឆវី", ["Chhavy", "Chavy"], "F"),
    ("ស្រីមាស", ["Sreymeas", "Sreimeas"], "F"), ("ស្រីលីន", ["Sreylin", "Sreilin"], "F"),
    ("គន្ធី", ["Kunthy", "Kanthy"], "F"), ("ចាន់ធូ", ["Chanthou", "Chanthu"], "F"),
    ("ស្រស់", ["Sros", "Sruos"], "F"), ("ណាវី", ["Navy", "Navi"], "F"),
]  # fmt: skip

# Population of each province (thousands), from the provincial totals of the 2019 General
# Population Census of Cambodia (National Institute of Statistics), to the nearest thousand.
# Cases are spread over provinces in proportion; a province missing here weighs 500.
PROVINCE_POPULATION: dict[str, int] = {
    "01": 862,  # Banteay Meanchey
    "02": 997,  # Battambang
    "03": 900,  # Kampong Cham
    "04": 527,  # Kampong Chhnang
    "05": 878,  # Kampong Speu
    "06": 677,  # Kampong Thom
    "07": 593,  # Kampot
    "08": 1202,  # Kandal
    "09": 124,  # Koh Kong
    "10": 373,  # Kratie
    "11": 89,  # Mondul Kiri
    "12": 2282,  # Phnom Penh
    "13": 255,  # Preah Vihear
    "14": 1057,  # Prey Veng
    "15": 412,  # Pursat
    "16": 204,  # Ratanak Kiri
    "17": 1014,  # Siem Reap
    "18": 310,  # Preah Sihanouk
    "19": 166,  # Stung Treng
    "20": 525,  # Svay Rieng
    "21": 901,  # Takeo
    "22": 276,  # Oddar Meanchey
    "23": 42,  # Kep
    "24": 75,  # Pailin
    "25": 777,  # Tboung Khmum
}
DEFAULT_POPULATION = 500
