"""Khmer personal names in Latin transliteration, with the spellings registers actually hold.

Khmer has no single official romanisation: the same name is written ``Sophal``, ``Sophall`` or
``Sophorl`` by different clerks, compound given names are written as one word or two (``Sreymom``,
``Srey Mom``), and the family name comes first in Khmer order (``Sok Dara``) but often last on forms
designed abroad (``Dara Sok``). Each name below is its most common spelling followed by variants
seen on Cambodian documents; :func:`spell` draws one per record.

Examples
--------
>>> import numpy as np
>>> spell(np.random.default_rng(0), np.array(["Sophal", "Sok"]), variant_rate=1.0).tolist()
['Sophorl', 'Sokh']
"""

from __future__ import annotations

import numpy as np

#: Family names (the first word in Khmer order), most common spelling first.
FAMILY_NAMES: dict[str, tuple[str, ...]] = {
    "Sok": ("Sokh",),
    "Chan": ("Chann",),
    "Kim": ("Kym",),
    "Heng": ("Hing",),
    "Ly": ("Lee", "Li"),
    "Chea": ("Chia",),
    "Meas": ("Mias",),
    "Keo": ("Kaev", "Keu"),
    "Pich": ("Pech",),
    "Prak": ("Prag",),
    "Nhem": ("Nhim",),
    "Touch": ("Toch", "Tuch"),
    "Phan": ("Phann",),
    "Seng": ("Sing",),
    "Lim": ("Lym",),
    "Ouk": ("Uk", "Ok"),
    "Mao": ("Mau",),
    "Men": ("Menh",),
    "Yim": ("Yem",),
    "Long": ("Lung",),
    "Hun": ("Hunn",),
    "Sam": ("Samm",),
    "Som": ("Sum",),
    "Tep": ("Tieb",),
    "Nget": ("Nguet",),
    "Chhim": ("Chim",),
    "Khieu": ("Khiev", "Kheav"),
    "Ros": ("Ross",),
    "Sim": ("Seam",),
    "Van": ("Vann",),
    "Vong": ("Vorng",),
    "Hem": ("Him",),
    "Chhun": ("Chun",),
    "Pen": ("Penh",),
    "Sao": ("Sau",),
    "Tan": ("Tann",),
    "Mean": ("Mien",),
    "Nuon": ("Nun",),
    "Oum": ("Um",),
    "Thach": ("Thak",),
    "Srun": ("Sroun",),
    "Kong": ("Kung",),
    "Chhay": ("Chay",),
    "Norng": ("Nong",),
    "Rin": ("Rinn",),
    "Uch": ("Ouch",),
    "Sun": ("Soun",),
    "Eng": ("Ing",),
}

#: Given names of men.
MALE_NAMES: dict[str, tuple[str, ...]] = {
    "Dara": ("Darah", "Daraa"),
    "Sokha": ("Sokhar", "Sokhaa"),
    "Sophal": ("Sophorl", "Sophall"),
    "Vannak": ("Vanak", "Vannac"),
    "Rithy": ("Rithi", "Ritthy"),
    "Sovann": ("Sovan", "Sovanna"),
    "Bunthoeun": ("Bunthoeurn", "Bunthen"),
    "Samnang": ("Samnaing", "Sam Nang"),
    "Piseth": ("Pisith", "Piset"),
    "Vuthy": ("Vuthi", "Vutthy"),
    "Kosal": ("Kossal", "Kusal"),
    "Sambath": ("Sambat", "Sam Bath"),
    "Visal": ("Visall", "Veasal"),
    "Makara": ("Makarak", "Meakara"),
    "Ratanak": ("Rattanak", "Ratana"),
    "Sothea": ("Sotheara", "Sothia"),
    "Veasna": ("Veasana", "Viesna"),
    "Chamroeun": ("Chamroeurn", "Chamroen"),
    "Sarith": ("Sareth", "Sarit"),
    "Pheakdey": ("Pheakdei", "Pheakdy"),
    "Narith": ("Nareth", "Narit"),
    "Bunna": ("Buna", "Bun Na"),
    "Sopheak": ("Sopheac", "Sophiek"),
    "Thearith": ("Thearit", "Thiarith"),
    "Seyha": ("Seiha", "Sey Ha"),
    "Mony": ("Moni", "Monny"),
    "Sokhom": ("Sokhum", "Sok Hom"),
    "Chanthou": ("Chantou", "Chan Thou"),
    "Kimhong": ("Kim Hong", "Kimhorng"),
    "Vibol": ("Viboll", "Vibal"),
    "Heang": ("Hieng", "Hiang"),
    "Vichet": ("Vichit", "Vicheth"),
    "Rotha": ("Rota", "Rottha"),
    "Sokunthy": ("Sokunthi", "Sokuntey"),
    "Phearum": ("Phearom", "Phea Rum"),
    "Davuth": ("Davut", "Da Vuth"),
    "Chhorn": ("Chorn", "Chhon"),
    "Saroeun": ("Saroeurn", "Saroen"),
    "Theara": ("Thiara", "Thearak"),
    "Sokheng": ("Sokhing", "Sok Heng"),
}

#: Given names of women.
FEMALE_NAMES: dict[str, tuple[str, ...]] = {
    "Sreymom": ("Srey Mom", "Sreimom"),
    "Sreypov": ("Srey Pov", "Sreipov"),
    "Sopheap": ("Sopheab", "Sophiep"),
    "Channary": ("Chanary", "Channari"),
    "Bopha": ("Bophar", "Boppha"),
    "Kunthea": ("Kun Thea", "Kunthia"),
    "Sokunthea": ("Sokunthia", "Sokun Thea"),
    "Malis": ("Maliss", "Mealis"),
    "Sothy": ("Sothi", "Sotthy"),
    "Chanthy": ("Chanthi", "Chan Thy"),
    "Leakhena": ("Leakena", "Liakhena"),
    "Sreyneang": ("Srey Neang", "Sreyniang"),
    "Raksmey": ("Reaksmey", "Raksmei"),
    "Sophea": ("Sophia", "Sopheaa"),
    "Davy": ("Davi", "Davey"),
    "Sreyleak": ("Srey Leak", "Sreyleakh"),
    "Nary": ("Nari", "Narry"),
    "Phalla": ("Phala", "Phallar"),
    "Thida": ("Thidar", "Theda"),
    "Vanny": ("Vanni", "Vany"),
    "Chenda": ("Chendar", "Chhenda"),
    "Pisey": ("Pisei", "Piseiy"),
    "Sreyroth": ("Srey Roth", "Sreyrot"),
    "Navy": ("Navi", "Nav Y"),
    "Sovanna": ("Sovana", "Sovannak"),
    "Dalin": ("Dalinn", "Da Lin"),
    "Rachana": ("Rachhana", "Reachana"),
    "Sreypich": ("Srey Pich", "Sreypech"),
    "Kanha": ("Kannha", "Kanhar"),
    "Sokhan": ("Sokhann", "Sok Han"),
    "Chanda": ("Chandar", "Chan Da"),
    "Kolab": ("Kulab", "Kolap"),
    "Lida": ("Lidar", "Leda"),
    "Mealea": ("Mealia", "Mialea"),
    "Sokny": ("Sokni", "Sok Ny"),
    "Theary": ("Thiary", "Thearey"),
    "Vanna": ("Vana", "Vannah"),
    "Srey Oun": ("Sreyoun", "Srey Un"),
    "Chantrea": ("Chantria", "Chan Trea"),
    "Romduol": ("Romdoul", "Rumduol"),
}

_ALL_VARIANTS = {**FAMILY_NAMES, **MALE_NAMES, **FEMALE_NAMES}


def spell(rng: np.random.Generator, names: np.ndarray, variant_rate: float) -> np.ndarray:
    """Write each canonical name as a clerk might: its usual spelling, or with probability
    ``variant_rate`` one of its variants (drawn uniformly).

    Parameters
    ----------
    rng
        The random stream.
    names
        Canonical spellings (keys of :data:`FAMILY_NAMES`, :data:`MALE_NAMES` or
        :data:`FEMALE_NAMES`).
    variant_rate
        Probability that a record holds a variant rather than the usual spelling.
    """
    names = np.asarray(names, dtype=object)
    pick = rng.random(names.size)
    choice = rng.random(names.size)
    out = names.copy()
    for canonical in np.unique(names):
        variants = _ALL_VARIANTS[canonical]
        rows = (names == canonical) & (pick < variant_rate)
        index = np.minimum((choice[rows] * len(variants)).astype(int), len(variants) - 1)
        out[rows] = np.asarray(variants, dtype=object)[index]
    return out
