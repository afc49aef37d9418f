"""The codebook of the administrative tables: one row per table and column, in English and Khmer.

Examples
--------
>>> book = codebook()
>>> book.loc[book["variable"] == "record_id", "file"].tolist()[:2]
['idpoor_members', 'disability_register']
"""

from __future__ import annotations

import pandas as pd

#: column -> (label in English, label in Khmer, type, values, note)
PERSON_VARIABLES: dict[str, tuple[str, str, str, str, str]] = {
    "record_id": (
        "Record identifier",
        "លេខសម្គាល់កំណត់ត្រា",
        "str",
        "",
        "unique within its register; says nothing about who the person is",
    ),
    "name": (
        "Name (Latin transliteration)",
        "ឈ្មោះ (អក្សរឡាតាំង)",
        "str",
        "",
        "family name first in Khmer order, sometimes last; spellings vary between records",
    ),
    "sex": ("Sex", "ភេទ", "str", "female; male", ""),
    "date_of_birth": (
        "Date of birth",
        "ថ្ងៃខែឆ្នាំកំណើត",
        "str",
        "YYYY-MM-DD or YYYY",
        "only the year when the day is not known; day and month sometimes swapped",
    ),
    "province": ("Province", "ខេត្ត", "str", "", "address as recorded (may be an old address)"),
    "district": ("District", "ស្រុក", "str", "", "synthetic place name"),
    "commune": ("Commune", "ឃុំ", "str", "", "synthetic place name"),
    "village": ("Village", "ភូមិ", "str", "", "synthetic place name"),
    "id_card": (
        "National ID card number",
        "លេខអត្តសញ្ញាណប័ណ្ណ",
        "str",
        "",
        "9 digits; missing under age 15 and where not recorded",
    ),
    "phone": (
        "Phone number",
        "លេខទូរស័ព្ទ",
        "str",
        "",
        "written 0XX..., 0XX XXX XXX or +855XX...; often missing",
    ),
}
PERSON_TABLES = ("idpoor_members", "disability_register", "family_package", "nssf_members")
#: Every table of :func:`sptools.admin.generate`, in this order.
TABLES = (
    "idpoor_households",
    "idpoor_members",
    "disability_register",
    "family_package",
    "nssf_members",
    "payments",
    "grievances",
    "budget",
    "truth",
)
#: table -> column -> (label in English, label in Khmer, type, values, note)
OTHER_VARIABLES: dict[str, dict[str, tuple[str, str, str, str, str]]] = {
    "idpoor_households": {
        "household_id": ("IDPoor household identifier", "លេខសម្គាល់គ្រួសារក្រីក្រ", "str", "", ""),
        "province": PERSON_VARIABLES["province"],
        "district": PERSON_VARIABLES["district"],
        "commune": PERSON_VARIABLES["commune"],
        "village": PERSON_VARIABLES["village"],
        "poverty_level": ("IDPoor level", "កម្រិតភាពក្រីក្រ", "int", "1; 2", "1 = very poor, 2 = poor"),
        "registration": (
            "How the household was registered",
            "របៀបចុះបញ្ជី",
            "str",
            "round; on_demand",
            "",
        ),
        "registered_on": ("Date of registration", "កាលបរិច្ឆេទចុះបញ្ជី", "str", "YYYY-MM-DD", ""),
    },
    "idpoor_members": {
        "household_id": (
            "IDPoor household identifier",
            "លេខសម្គាល់គ្រួសារក្រីក្រ",
            "str",
            "",
            "links to idpoor_households",
        ),
    },
    "disability_register": {
        "severity": (
            "Severity of the disability",
            "កម្រិតពិការភាព",
            "str",
            "moderate; severe",
            "severe: cannot do at all in a Washington Group domain",
        ),
    },
    "family_package": {
        "household_id": (
            "IDPoor household identifier",
            "លេខសម្គាល់គ្រួសារក្រីក្រ",
            "str",
            "",
            "the household of the beneficiary (links to idpoor_households)",
        ),
        "component": (
            "Family Package component",
            "សមាសភាគកញ្ចប់គ្រួសារ",
            "str",
            "pregnant; child_under_2; disability; elderly",
            "one per beneficiary",
        ),
        "enrolled_on": ("Date of enrolment", "កាលបរិច្ឆេទចុះឈ្មោះ", "str", "YYYY-MM-DD", ""),
        "status": (
            "Record status",
            "ស្ថានភាពកំណត់ត្រា",
            "str",
            "active; closed",
            "as of 31 March 2025",
        ),
        "closed_on": (
            "Date the record was closed",
            "កាលបរិច្ឆេទបិទ",
            "str",
            "YYYY-MM-DD",
            "missing while active",
        ),
    },
    "nssf_members": {
        "scheme": (
            "Widest NSSF scheme contributed to",
            "របបសន្តិសុខសង្គម",
            "str",
            "health; occupational_risk; pension",
            "",
        ),
    },
    "payments": {
        "payment_id": ("Payment identifier", "លេខសម្គាល់ការទូទាត់", "str", "", ""),
        "record_id": ("Beneficiary record", "លេខសម្គាល់កំណត់ត្រា", "str", "", "links to family_package"),
        "programme": (
            "Programme",
            "កម្មវិធី",
            "str",
            "pregnant_women_children; disability_allowance; elderly_allowance",
            "",
        ),
        "province": PERSON_VARIABLES["province"],
        "month": ("Month paid for", "ខែ", "str", "YYYY-MM", ""),
        "amount_khr": ("Amount", "ចំនួនទឹកប្រាក់", "int", "", "riel"),
        "due_date": ("Date due", "កាលបរិច្ឆេទត្រូវបង់", "str", "YYYY-MM-DD", ""),
        "paid_date": ("Date paid", "កាលបរិច្ឆេទបានបង់", "str", "YYYY-MM-DD", "missing when not paid"),
        "status": ("Payment status", "ស្ថានភាពការទូទាត់", "str", "paid; failed; pending", ""),
        "record_status": (
            "Status of the beneficiary in that month",
            "ស្ថានភាពអ្នកទទួល",
            "str",
            "active; closed; deceased",
            "closed or deceased: a payment that should not have been made",
        ),
    },
    "grievances": {
        "grievance_id": ("Grievance identifier", "លេខសម្គាល់បណ្តឹង", "str", "", ""),
        "programme": ("Programme", "កម្មវិធី", "str", "", ""),
        "province": PERSON_VARIABLES["province"],
        "month": ("Month received", "ខែ", "str", "YYYY-MM", ""),
        "category": (
            "Category",
            "ប្រភេទ",
            "str",
            "payment not received; wrong amount; registration; wrong personal data; other",
            "",
        ),
        "received_on": ("Date received", "កាលបរិច្ឆេទទទួល", "str", "YYYY-MM-DD", ""),
        "resolved_on": (
            "Date resolved",
            "កាលបរិច្ឆេទដោះស្រាយ",
            "str",
            "YYYY-MM-DD",
            "missing while unresolved",
        ),
    },
    "budget": {
        "programme": ("Programme", "កម្មវិធី", "str", "", ""),
        "province": PERSON_VARIABLES["province"],
        "month": ("Month", "ខែ", "str", "YYYY-MM", ""),
        "allocated_khr": (
            "Budget allocated",
            "ថវិកាបានបែងចែក",
            "int",
            "",
            "riel, at the scale of the survey sample",
        ),
        "spent_khr": (
            "Budget spent",
            "ថវិកាបានចំណាយ",
            "int",
            "",
            "riel paid for that month, at the scale of the survey sample",
        ),
    },
    "truth": {
        "register": ("Register", "បញ្ជី", "str", "idpoor; disability; family_package; nssf", ""),
        "record_id": ("Record identifier", "លេខសម្គាល់កំណត់ត្រា", "str", "", ""),
        "person_id": (
            "Survey person the record is",
            "លេខសម្គាល់បុគ្គល",
            "int",
            "",
            "for teaching and testing: no real register has it",
        ),
    },
}
COLUMNS = ["file", "variable", "label_en", "label_km", "type", "values", "note"]


def codebook() -> pd.DataFrame:
    """One row per administrative table and column (in :data:`TABLES` order)."""
    rows = []
    for table in TABLES:
        variables = dict(PERSON_VARIABLES) if table in PERSON_TABLES else {}
        variables.update(OTHER_VARIABLES.get(table, {}))
        rows.extend((table, name, *entry) for name, entry in variables.items())
    return pd.DataFrame(rows, columns=COLUMNS)
