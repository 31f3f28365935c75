#!/usr/bin/env python3
"""Writes the sample index-set documents under app/src/main/resources/sample/index-sets/.

Field titles and maxima of the 2948 set are the real ones; everything marked "mẫu" (sample) is made up
for demonstration. Run from the repository root: python3 docs/tools/generate_sample_index_sets.py
"""
from decimal import Decimal as D

QUARTER = D("0.25")
AGENCIES = {
    "SNV": "Sở Nội vụ", "STP": "Sở Tư pháp", "VPUB": "Văn phòng Ủy ban nhân dân tỉnh", "STC": "Sở Tài chính",
    "STTTT": "Sở Thông tin và Truyền thông", "SKHCN": "Sở Khoa học và Công nghệ",
    "SKHDT": "Sở Kế hoạch và Đầu tư", "CTK": "Cục Thống kê tỉnh",
    "PNV": "Phòng Nội vụ", "PTP": "Phòng Tư pháp", "VPHU": "Văn phòng HĐND và UBND huyện",
    "PTCKH": "Phòng Tài chính - Kế hoạch", "PVHTT": "Phòng Văn hóa và Thông tin",
}


def split(total, n):
    units = int(total / QUARTER)
    base, extra = divmod(units, n)
    return [(base + (1 if i < extra else 0)) * QUARTER for i in range(n)]


def fmt(d):
    return format(d.normalize(), "f")


def write(path, header, code, title, decision, decision_date, level, years, scale, bands, fields, within=None):
    """fields: (code, title, agency, [(max, source, subcount, agency_override, na_allowed)])"""
    agencies = sorted({f[2] for f in fields} | {c[3] for f in fields for c in f[3] if c[3]})
    out = [f"# {line}" for line in header] + [
        f"code: {code}", f"title: \"{title}\"", f"decision: \"{decision}\""]
    if decision_date:
        out.append(f"decisionDate: {decision_date}")
    out.append(f"level: {level}")
    if within:
        out.append(f"within: \"{within}\"")
    out += [f"fromYear: {years[0]}", f"toYear: {years[1]}", f"scale: {scale}", "bands:"]
    for name, minimum in bands:
        out += [f"  - name: \"{name}\"", f"    minimumIndex: {minimum}"]
    out.append("agencies:")
    for a in agencies:
        out += [f"  - code: {a}", f"    name: \"{AGENCIES[a]}\""]
    out.append("fields:")
    for fcode, ftitle, agency, criteria in fields:
        fmax = sum(c[0] for c in criteria)
        out += [f"  - code: \"{fcode}\"", f"    title: \"{ftitle}\"", f"    maximum: {fmt(fmax)}",
                f"    appraisingAgency: {agency}", "    children:"]
        for i, (cmax, source, subs, override, na) in enumerate(criteria, start=1):
            cc = f"{fcode}.{i}"
            kind = "khảo sát" if source == "SURVEY" else "mẫu"
            out += [f"      - code: \"{cc}\"", f"        title: \"Tiêu chí {kind} {cc}\"", f"        maximum: {fmt(cmax)}"]
            if override:
                out.append(f"        appraisingAgency: {override}")
            if subs == 0:
                out.append(f"        source: {source}")
                if na:
                    out.append("        notApplicableAllowed: true")
                continue
            out.append("        children:")
            for j, smax in enumerate(split(cmax, subs), start=1):
                sc = f"{cc}.{j}"
                out += [f"          - code: \"{sc}\"", f"            title: \"Tiêu chí thành phần {kind} {sc}\"",
                        f"            maximum: {fmt(smax)}", f"            source: {source}"]
                if na:
                    out.append("            notApplicableAllowed: true")
    open(path, "w").write("\n".join(out) + "\n")


def criteria(total, subcounts, source="EVIDENCE", overrides=None, na=()):
    overrides = overrides or {}
    return [(m, source, s, overrides.get(i), i in na) for i, (m, s) in
            enumerate(zip(split(total, len(subcounts)), subcounts), start=1)]


BASE = "app/src/main/resources/sample/index-sets/"
NATIONAL_BANDS = [("A", 90), ("B", 80), ("C", 70), ("D", 0)]
PROVINCIAL_BANDS = [("Tốt", 90), ("Khá", 80), ("Trung bình", 65), ("Yếu", 0)]

# 2948/QĐ-BNV: 8 fields, 38 criteria, 81 sub-criteria, real field maxima. Survey leaves: 3.5, 7.5 and field 8.
f2948 = [
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", "SNV", criteria(D(10), [3, 2, 2, 2, 0, 2], overrides={5: "VPUB"})),
    ("2", "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật tại tỉnh", "STP", criteria(D(10), [3, 3, 3, 3])),
    ("3", "Cải cách thủ tục hành chính", "VPUB", criteria(D("11.5"), [3, 3, 3, 2], na={1}) + criteria(D(3), [0], "SURVEY")),
    ("4", "Cải cách tổ chức bộ máy hành chính nhà nước", "SNV", criteria(D(11), [3, 3, 2, 2])),
    ("5", "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức", "SNV", criteria(D(16), [2, 3, 2, 2, 2, 0])),
    ("6", "Đổi mới cơ chế quản lý tài chính đối với cơ quan hành chính, đơn vị sự nghiệp công lập", "STC", criteria(D(7), [2, 2, 2])),
    ("7", "Hiện đại hóa hành chính", "STTTT", criteria(D("12.75"), [3, 3, 2, 2], overrides={1: "SKHCN"}) + criteria(D("3.25"), [0], "SURVEY")),
    ("8", "Tác động của cải cách hành chính đến người dân, tổ chức và các chỉ tiêu phát triển kinh tế - xã hội của tỉnh", "SKHDT",
     criteria(D("15.5"), [3, 3, 2, 2, 0], "SURVEY")),
]
write(BASE + "province-2948-sample.yaml",
      ["SAMPLE provincial index set in the shape of Decision 2948/QĐ-BNV (2017): 8 fields, 38 criteria, 81 sub-criteria,",
       "100 points. Field titles and maxima are the real ones; criteria, sub-criteria, their maxima, scoring sources",
       "and agency exceptions are made up for demonstration. Generated by docs/tools/generate_sample_index_sets.py."],
      "PROVINCE-2948-SAMPLE", "Bộ chỉ số CCHC cấp tỉnh (mẫu theo Quyết định 2948/QĐ-BNV)", "2948/QĐ-BNV", None,
      "PROVINCE", (2017, 2021), 100, NATIONAL_BANDS, f2948)

# 876/QĐ-BNV: 8 fields, 37 criteria, 88 sub-criteria, 68 evidence + 32 survey points. The per-field split is
# not public: the one below is a sample. Each field ends with one survey criterion.
def field876(evidence, survey, evidence_subs, survey_subs):
    return criteria(D(evidence), evidence_subs) + criteria(D(survey), [survey_subs], "SURVEY")


f876 = [
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", "SNV", field876("7.5", 2, [3, 2, 2, 2], 2)),
    ("2", "Cải cách thể chế", "STP", field876("6.5", 3, [2, 2, 3], 2)),
    ("3", "Cải cách thủ tục hành chính", "VPUB", field876(9, 5, [3, 3, 3, 2], 3)),
    ("4", "Cải cách tổ chức bộ máy hành chính nhà nước", "SNV", field876(7, 3, [2, 2, 2], 2)),
    ("5", "Cải cách chế độ công vụ", "SNV", field876("9.5", 5, [3, 3, 2, 2], 3)),
    ("6", "Cải cách tài chính công", "STC", field876(7, 3, [2, 2, 2], 2)),
    ("7", "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", "STTTT", field876(13, 4, [3, 3, 3, 3], 2)),
    ("8", "Tác động của cải cách hành chính đến phát triển kinh tế - xã hội", "SKHDT", field876("8.5", 7, [2, 2, 2, 2], 3)),
]
write(BASE + "province-876-sample.yaml",
      ["SAMPLE provincial index set in the shape of Decision 876/QĐ-BNV (10/11/2022, for 2022-2030): 8 fields,",
       "37 criteria, 88 sub-criteria, 100 points: 68 from self-assessment and appraisal, 32 from the survey. The",
       "per-field split is not public; the one here, and every criterion, is made up for demonstration.",
       "Generated by docs/tools/generate_sample_index_sets.py."],
      "PROVINCE-876-SAMPLE", "Bộ chỉ số CCHC cấp tỉnh (mẫu theo Quyết định 876/QĐ-BNV)", "876/QĐ-BNV", "2022-11-10",
      "PROVINCE", (2022, 2030), 100, NATIONAL_BANDS, f876)

# A district-level set on an 80 + 20 scale, as provinces issue for their districts.
fdistrict = [
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", "PNV", criteria(D(12), [2, 2, 0, 2])),
    ("2", "Cải cách thể chế", "PTP", criteria(D(10), [2, 2, 2])),
    ("3", "Cải cách thủ tục hành chính", "VPHU", criteria(D(16), [3, 2, 2, 0], na={4})),
    ("4", "Cải cách tổ chức bộ máy và chế độ công vụ", "PNV", criteria(D(18), [2, 3, 2, 2])),
    ("5", "Cải cách tài chính công và hiện đại hóa hành chính", "PTCKH", criteria(D(24), [2, 2, 3, 2], overrides={3: "PVHTT", 4: "PVHTT"})),
    ("6", "Mức độ hài lòng của người dân, tổ chức", "PNV", criteria(D(20), [2, 2, 2], "SURVEY")),
]
write(BASE + "district-80-20-sample.yaml",
      ["SAMPLE district-level index set on an 80 + 20 scale (80 points self-assessed and appraised, 20 from the",
       "survey), in the shape provinces issue for their districts. Everything here is made up for demonstration.",
       "Generated by docs/tools/generate_sample_index_sets.py."],
      "DISTRICT-80-20-SAMPLE", "Bộ chỉ số CCHC cấp huyện (mẫu, thang 80 + 20)", "Mẫu/QĐ-UBND", None,
      "DISTRICT", (2022, 2024), 100, PROVINCIAL_BANDS, fdistrict)

# Quảng Ninh's own sets (the province issues them for its departments and, after the 2025 reform, its communes):
# 70 + 30 and 80 + 20, smaller than the national ones. Everything here is made up for demonstration.
fdepartment = [
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", "SNV", criteria(D(10), [0, 0, 2])),
    ("2", "Cải cách thể chế", "STP", criteria(D(8), [0, 0])),
    ("3", "Cải cách thủ tục hành chính", "VPUB", criteria(D(14), [0, 2, 0], na={3})),
    ("4", "Cải cách tổ chức bộ máy và chế độ công vụ", "SNV", criteria(D(14), [0, 0, 0])),
    ("5", "Cải cách tài chính công", "STC", criteria(D(8), [0, 0])),
    ("6", "Chuyển đổi số và hiện đại hóa hành chính", "STTTT", criteria(D(16), [0, 2, 0])),
    ("7", "Mức độ hài lòng của người dân, tổ chức", "SNV", criteria(D(30), [0, 0, 0], "SURVEY")),
]
write(BASE + "quang-ninh-departments-sample.yaml",
      ["SAMPLE index set that a province (Quảng Ninh, 22) issues for its own departments (sở, ban, ngành), on a",
       "70 + 30 scale. Everything here is made up for demonstration. Generated by docs/tools/generate_sample_index_sets.py."],
      "QN-DEPARTMENT-SAMPLE", "Bộ chỉ số CCHC các sở, ban, ngành tỉnh Quảng Ninh (mẫu)", "Mẫu/QĐ-UBND tỉnh Quảng Ninh", None,
      "DEPARTMENT", (2022, 2030), 100, PROVINCIAL_BANDS, fdepartment, within="22")

fcommune = [
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", "SNV", criteria(D(12), [0, 2])),
    ("2", "Cải cách thể chế", "STP", criteria(D(10), [0, 0])),
    ("3", "Cải cách thủ tục hành chính", "VPUB", criteria(D(20), [2, 0, 0], na={3})),
    ("4", "Tổ chức bộ máy và đội ngũ cán bộ, công chức cấp xã", "SNV", criteria(D(16), [0, 0])),
    ("5", "Tài chính công và chuyển đổi số", "STC", criteria(D(22), [0, 2, 0], overrides={2: "STTTT", 3: "STTTT"})),
    ("6", "Mức độ hài lòng của người dân, tổ chức", "SNV", criteria(D(20), [0, 0], "SURVEY")),
]
write(BASE + "quang-ninh-communes-sample.yaml",
      ["SAMPLE index set that a province (Quảng Ninh, 22) issues for its communes, wards and special zones after the",
       "2025 reform, on an 80 + 20 scale. Everything here is made up for demonstration.",
       "Generated by docs/tools/generate_sample_index_sets.py."],
      "QN-COMMUNE-SAMPLE", "Bộ chỉ số CCHC cấp xã tỉnh Quảng Ninh (mẫu)", "Mẫu/QĐ-UBND tỉnh Quảng Ninh", None,
      "COMMUNE", (2025, 2030), 100, PROVINCIAL_BANDS, fcommune, within="22")
