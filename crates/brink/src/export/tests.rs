use std::fs::File;
use std::io::Read;

use brink_proto::v1::{ActorRef, Event, EventHit, Evidence, Place, QuadClass};
use parquet::basic::{IntType, LogicalType, Repetition, Type as PhysicalType};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field as Value;

use super::parquet_file::ROW_GROUP_ROWS;
use super::{Format, writer};

fn actor(code: &str, name: &str, country: &str) -> Option<ActorRef> {
    Some(ActorRef {
        actor_id: "A1".into(),
        code: code.into(),
        name: name.into(),
        country: country.into(),
    })
}

/// A fully coded event whose texts carry every character a flat format must protect.
fn threat() -> EventHit {
    EventHit {
        event: Some(Event {
            id: "art-00000000000000aa/0".into(),
            source: actor("RUSGOV", "Sergeï \"the fox\" Lavrov, minister", "RUS"),
            target: actor("UKRMIL", "Збройні сили\tУкраїни", "UKR"),
            cameo_code: "138".into(),
            cameo_root: "13".into(),
            label: "threaten with military force".into(),
            quad_class: QuadClass::VerbalConflict.into(),
            goldstein: -7.0,
            plover: "THREATEN".into(),
            hypothetical: true,
            claimed_by: actor("IGOUNO", "United Nations", ""),
            date: "2024-03-05".into(),
            place: Some(Place {
                name: "Kharkiv".into(),
                country: "UKR".into(),
                kind: "city".into(),
                latitude: 49.9935,
                longitude: 36.2304,
                evidence: None,
            }),
            evidence: Some(Evidence {
                sentence: 1,
                start: 40,
                end: 118,
                text: "Lavrov said: \"we will strike,\nif needed\"".into(),
            }),
            trigger: Some(Evidence {
                text: "will strike".into(),
                ..Default::default()
            }),
            tone: -4.25,
            ..Default::default()
        }),
        article_id: "art-00000000000000aa".into(),
        article_title: "Kremlin warns Kyiv; \"red lines\", again".into(),
        article_url: "https://news.example/a?x=1,2".into(),
        article_source: "Agence, \"Wire\"".into(),
        date: "2024-03-05".into(),
    }
}

/// An event with nothing optional (no date of its own, place, evidence or target), filed under
/// its article's publication day.
fn bare() -> EventHit {
    EventHit {
        event: Some(Event {
            id: "art-00000000000000bb/3".into(),
            source: actor("IGONAT", "NATO", ""),
            cameo_code: "04".into(),
            cameo_root: "04".into(),
            label: "consult".into(),
            quad_class: QuadClass::VerbalCooperation.into(),
            goldstein: 1.0,
            plover: "CONSULT".into(),
            negated: true,
            tone: 2.5,
            ..Default::default()
        }),
        article_id: "art-00000000000000bb".into(),
        article_title: "Allies meet in Brussels".into(),
        article_url: "https://news.example/b".into(),
        article_source: "Brussels Daily".into(),
        date: "2024-02-29".into(),
    }
}

/// A later event in a leap year, placed in a US state, from a hit without a filing day.
fn aid() -> EventHit {
    EventHit {
        event: Some(Event {
            id: "art-00000000000000cc/12".into(),
            source: actor("USAGOVLEG", "US Congress", "USA"),
            target: actor("ISR", "Israel", "ISR"),
            cameo_code: "0712".into(),
            cameo_root: "07".into(),
            label: "provide military aid".into(),
            quad_class: QuadClass::MaterialCooperation.into(),
            goldstein: 7.4,
            plover: "AID".into(),
            date: "2024-12-31".into(),
            place: Some(Place {
                name: "Texas".into(),
                country: "USA".into(),
                kind: "region".into(),
                latitude: 31.0,
                longitude: -100.0,
                evidence: None,
            }),
            evidence: Some(Evidence {
                sentence: 7,
                start: 900,
                end: 960,
                text: "Congress approved the package".into(),
            }),
            ..Default::default()
        }),
        article_id: "art-00000000000000cc".into(),
        article_title: "Aid bill passes".into(),
        article_url: "https://news.example/c".into(),
        ..Default::default()
    }
}

fn hits() -> Vec<EventHit> {
    vec![threat(), bare(), aid()]
}

fn export(format: Format, hits: &[EventHit]) -> tempfile::NamedTempFile {
    let file = tempfile::NamedTempFile::new().expect("temp file");
    let mut out = writer(format, file.reopen().expect("reopen")).expect("writer");
    for hit in hits {
        out.write(hit).expect("write row");
    }
    out.finish().expect("finish");
    file
}

fn read_text(file: &tempfile::NamedTempFile) -> String {
    let mut text = String::new();
    File::open(file.path())
        .expect("open")
        .read_to_string(&mut text)
        .expect("utf-8 output");
    text
}

#[test]
fn formats_parse_from_names() {
    assert_eq!("jsonl".parse::<Format>().expect("jsonl"), Format::Jsonl);
    assert_eq!("CSV".parse::<Format>().expect("csv"), Format::Csv);
    assert_eq!("tsv".parse::<Format>().expect("tsv"), Format::Tsv);
    assert_eq!(
        "Parquet".parse::<Format>().expect("parquet"),
        Format::Parquet
    );
    let error = "xml".parse::<Format>().expect_err("unknown format");
    assert!(
        error.to_string().contains("jsonl, csv, tsv or parquet"),
        "{error}"
    );
}

#[test]
fn jsonl_is_one_proto3_document_per_hit() {
    let hits = hits();
    let text = read_text(&export(Format::Jsonl, &hits));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), hits.len());
    for (line, hit) in lines.iter().zip(&hits) {
        let json: serde_json::Value = serde_json::from_str(line).expect("valid json");
        let event = hit.event.as_ref().expect("event");
        assert_eq!(json["event"]["id"], event.id.as_str());
        assert_eq!(json["articleTitle"], hit.article_title.as_str());
        assert_eq!(json["event"]["goldstein"], event.goldstein);
        assert_eq!(
            json["event"]["quadClass"],
            QuadClass::try_from(event.quad_class)
                .expect("known")
                .as_str_name()
        );
    }
    let first: serde_json::Value = serde_json::from_str(lines[0]).expect("valid json");
    assert_eq!(
        first["event"]["evidence"]["text"],
        "Lavrov said: \"we will strike,\nif needed\""
    );
    assert_eq!(first["event"]["target"]["name"], "Збройні сили\tУкраїни");
}

#[test]
fn csv_quotes_values_and_leaves_absent_ones_empty() {
    let hits = hits();
    let file = export(Format::Csv, &hits);
    let mut reader = csv::Reader::from_path(file.path()).expect("csv");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let names: Vec<&str> = super::row::COLUMNS.iter().map(|c| c.name).collect();
    assert_eq!(header, names);
    let at = |name: &str| header.iter().position(|h| h == name).expect(name);
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(records.len(), hits.len());

    for (record, hit) in records.iter().zip(&hits) {
        assert_eq!(record.len(), header.len());
        let event = hit.event.as_ref().expect("event");
        assert_eq!(&record[at("event_id")], event.id);
        assert_eq!(&record[at("cameo_code")], event.cameo_code);
        assert_eq!(&record[at("article_title")], hit.article_title);
        assert_eq!(&record[at("article_url")], hit.article_url);
        assert_eq!(
            record[at("goldstein")].parse::<f64>().expect("number"),
            event.goldstein
        );
        assert_eq!(
            record[at("quad_class")].parse::<i32>().expect("number"),
            event.quad_class
        );
        assert_eq!(
            record[at("negated")].parse::<bool>().expect("bool"),
            event.negated
        );
    }

    let threat = &records[0];
    assert_eq!(
        &threat[at("source_name")],
        "Sergeï \"the fox\" Lavrov, minister"
    );
    assert_eq!(&threat[at("target_name")], "Збройні сили\tУкраїни");
    assert_eq!(
        &threat[at("evidence_text")],
        "Lavrov said: \"we will strike,\nif needed\""
    );
    assert_eq!(&threat[at("day")], "2024-03-05");
    assert_eq!(&threat[at("event_date")], "2024-03-05");
    assert_eq!(&threat[at("article_source")], "Agence, \"Wire\"");
    assert_eq!(&threat[at("place_lat")], "49.9935");
    assert_eq!(&threat[at("evidence_end")], "118");
    assert_eq!(&threat[at("claimed_by_code")], "IGOUNO");
    assert_eq!(&threat[at("trigger_text")], "will strike");

    let bare = &records[1];
    assert_eq!(&bare[at("day")], "2024-02-29");
    assert_eq!(&records[2][at("day")], "2024-12-31");
    for empty in [
        "event_date",
        "target_code",
        "place_name",
        "place_lat",
        "place_lon",
        "evidence_sentence",
    ] {
        assert_eq!(&bare[at(empty)], "", "{empty}");
    }
}

#[test]
fn tsv_follows_gdelt_column_order() {
    let hits = hits();
    let text = read_text(&export(Format::Tsv, &hits));
    let rows: Vec<Vec<&str>> = text
        .strip_suffix('\n')
        .expect("ends with a newline")
        .split('\n')
        .map(|line| line.split('\t').collect())
        .collect();
    assert_eq!(
        rows.len(),
        hits.len(),
        "line breaks inside values must not split rows"
    );
    for row in &rows {
        assert_eq!(row.len(), 61, "{row:?}");
    }
    let names: Vec<&str> = super::gdelt::COLUMNS
        .iter()
        .map(|(name, _)| *name)
        .collect();
    // Positions from the GDELT 2.0 event codebook, counted from 1.
    for (position, name) in [
        (1, "GlobalEventID"),
        (2, "Day"),
        (6, "Actor1Code"),
        (16, "Actor2Code"),
        (27, "EventCode"),
        (30, "QuadClass"),
        (31, "GoldsteinScale"),
        (35, "AvgTone"),
        (52, "ActionGeo_Type"),
        (57, "ActionGeo_Lat"),
        (60, "DATEADDED"),
        (61, "SOURCEURL"),
    ] {
        assert_eq!(names[position - 1], name);
    }
    let col = |row: &Vec<&str>, name: &str| {
        row[names.iter().position(|n| *n == name).expect(name)].to_owned()
    };

    for (row, hit) in rows.iter().zip(&hits) {
        let event = hit.event.as_ref().expect("event");
        assert_eq!(col(row, "GlobalEventID"), event.id);
        assert_eq!(col(row, "EventCode"), event.cameo_code);
        assert_eq!(col(row, "EventRootCode"), event.cameo_root);
        assert_eq!(col(row, "QuadClass"), event.quad_class.to_string());
        assert_eq!(
            col(row, "GoldsteinScale").parse::<f64>().expect("number"),
            event.goldstein
        );
        assert_eq!(col(row, "SOURCEURL"), hit.article_url);
        assert_eq!(col(row, "NumArticles"), "1");
    }

    let threat = &rows[0];
    assert_eq!(col(threat, "Day"), "20240305");
    assert_eq!(col(threat, "MonthYear"), "202403");
    assert_eq!(col(threat, "Year"), "2024");
    assert_eq!(col(threat, "FractionDate"), "2024.1749");
    assert_eq!(
        col(threat, "Actor1Name"),
        "Sergeï \"the fox\" Lavrov, minister"
    );
    assert_eq!(col(threat, "Actor1Type1Code"), "GOV");
    assert_eq!(col(threat, "Actor2Name"), "Збройні сили України");
    assert_eq!(col(threat, "Actor2Type1Code"), "MIL");
    assert_eq!(col(threat, "EventBaseCode"), "138");
    assert_eq!(col(threat, "IsRootEvent"), "1");
    assert_eq!(col(threat, "ActionGeo_Type"), "4");
    assert_eq!(col(threat, "ActionGeo_FullName"), "Kharkiv");
    assert_eq!(col(threat, "ActionGeo_Long"), "36.2304");

    let bare = &rows[1];
    assert_eq!(col(bare, "Day"), "20240229");
    assert_eq!(col(bare, "FractionDate"), "2024.1612");
    assert_eq!(col(bare, "Actor1Type1Code"), "IGO");
    assert_eq!(col(bare, "Actor1KnownGroupCode"), "NAT");
    assert_eq!(col(bare, "EventBaseCode"), "040");
    assert_eq!(col(bare, "IsRootEvent"), "");
    assert_eq!(col(bare, "ActionGeo_Lat"), "");

    let aid = &rows[2];
    assert_eq!(col(aid, "FractionDate"), "2024.9973");
    assert_eq!(col(aid, "Actor1Type1Code"), "GOV");
    assert_eq!(col(aid, "Actor1Type2Code"), "LEG");
    assert_eq!(col(aid, "EventBaseCode"), "071");
    assert_eq!(col(aid, "IsRootEvent"), "0");
    assert_eq!(col(aid, "ActionGeo_Type"), "2");
}

#[test]
fn parquet_reads_back_with_column_types() {
    let hits = hits();
    let file = export(Format::Parquet, &hits);
    let reader =
        SerializedFileReader::new(File::open(file.path()).expect("open")).expect("parquet");
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    let column = |name: &str| {
        (0..schema.num_columns())
            .map(|i| schema.column(i))
            .find(|c| c.name() == name)
            .expect(name)
    };
    for (name, physical, logical, required) in [
        (
            "event_id",
            PhysicalType::BYTE_ARRAY,
            Some(LogicalType::String),
            true,
        ),
        ("day", PhysicalType::INT32, Some(LogicalType::Date), false),
        (
            "event_date",
            PhysicalType::INT32,
            Some(LogicalType::Date),
            false,
        ),
        ("quad_class", PhysicalType::INT32, None, true),
        ("goldstein", PhysicalType::DOUBLE, None, true),
        ("negated", PhysicalType::BOOLEAN, None, true),
        ("place_lat", PhysicalType::DOUBLE, None, false),
        (
            "evidence_start",
            PhysicalType::INT32,
            Some(LogicalType::Integer(IntType {
                bit_width: 32,
                is_signed: false,
            })),
            false,
        ),
    ] {
        let descriptor = column(name);
        assert_eq!(descriptor.physical_type(), physical, "{name}");
        assert_eq!(descriptor.logical_type_ref(), logical.as_ref(), "{name}");
        let repetition = descriptor.self_type().get_basic_info().repetition();
        assert_eq!(repetition == Repetition::REQUIRED, required, "{name}");
    }

    let rows: Vec<parquet::record::Row> = reader
        .get_row_iter(None)
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect();
    assert_eq!(rows.len(), hits.len());
    let get = |row: &parquet::record::Row, name: &str| {
        row.get_column_iter()
            .find(|(column, _)| column.as_str() == name)
            .map(|(_, value)| value.clone())
            .expect(name)
    };
    for (row, hit) in rows.iter().zip(&hits) {
        let event = hit.event.as_ref().expect("event");
        assert_eq!(get(row, "event_id"), Value::Str(event.id.clone()));
        assert_eq!(get(row, "quad_class"), Value::Int(event.quad_class));
        assert_eq!(get(row, "goldstein"), Value::Double(event.goldstein));
        assert_eq!(get(row, "tone"), Value::Double(event.tone));
        assert_eq!(get(row, "negated"), Value::Bool(event.negated));
        assert_eq!(get(row, "hypothetical"), Value::Bool(event.hypothetical));
        assert_eq!(
            get(row, "article_title"),
            Value::Str(hit.article_title.clone())
        );
    }

    let threat = &rows[0];
    let days_to_2024_03_05 = 19_787;
    assert_eq!(get(threat, "day"), Value::Date(days_to_2024_03_05));
    assert_eq!(get(threat, "event_date"), Value::Date(days_to_2024_03_05));
    assert_eq!(
        get(threat, "source_name"),
        Value::Str("Sergeï \"the fox\" Lavrov, minister".into())
    );
    assert_eq!(
        get(threat, "target_name"),
        Value::Str("Збройні сили\tУкраїни".into())
    );
    assert_eq!(get(threat, "place_lon"), Value::Double(36.2304));
    assert_eq!(get(threat, "evidence_end"), Value::UInt(118));
    assert_eq!(
        get(threat, "evidence_text"),
        Value::Str("Lavrov said: \"we will strike,\nif needed\"".into())
    );

    let bare = &rows[1];
    assert_eq!(get(bare, "day"), Value::Date(days_to_2024_03_05 - 5));
    for null in [
        "event_date",
        "place_lat",
        "place_lon",
        "evidence_sentence",
        "evidence_end",
    ] {
        assert_eq!(get(bare, null), Value::Null, "{null}");
    }
    assert_eq!(get(bare, "place_name"), Value::Str(String::new()));
}

#[test]
fn parquet_streams_in_row_groups() {
    let extra = 5;
    let hits: Vec<EventHit> = (0..ROW_GROUP_ROWS + extra)
        .map(|i| {
            let mut hit = aid();
            if let Some(event) = hit.event.as_mut() {
                event.id = format!("art-00000000000000cc/{i}");
            }
            hit
        })
        .collect();
    let file = export(Format::Parquet, &hits);
    let reader =
        SerializedFileReader::new(File::open(file.path()).expect("open")).expect("parquet");
    let groups: Vec<usize> = reader
        .metadata()
        .row_groups()
        .iter()
        .map(|g| usize::try_from(g.num_rows()).expect("row count"))
        .collect();
    assert_eq!(groups, vec![ROW_GROUP_ROWS, extra]);
    let last = reader
        .get_row_iter(None)
        .expect("rows")
        .last()
        .expect("a row")
        .expect("readable");
    let id = last.get_column_iter().next().map(|(_, v)| v.clone());
    assert_eq!(
        id,
        Some(Value::Str(format!(
            "art-00000000000000cc/{}",
            hits.len() - 1
        )))
    );
}

#[test]
fn empty_exports_are_valid_files() {
    let parquet = export(Format::Parquet, &[]);
    let reader =
        SerializedFileReader::new(File::open(parquet.path()).expect("open")).expect("parquet");
    assert_eq!(reader.metadata().file_metadata().num_rows(), 0);
    assert_eq!(
        reader
            .metadata()
            .file_metadata()
            .schema_descr()
            .num_columns(),
        super::row::COLUMNS.len()
    );

    let csv = read_text(&export(Format::Csv, &[]));
    assert_eq!(csv.lines().count(), 1, "header only");
    assert!(read_text(&export(Format::Jsonl, &[])).is_empty());
    assert!(read_text(&export(Format::Tsv, &[])).is_empty());
}
