//! Realistic Korean and Japanese names, addresses, messages and product catalogues for the
//! simulator's seeded order stream.

use rand::rngs::StdRng;
use rand::Rng;

use super::world::{Person, SimOption, SimProduct};
use crate::domain::Site;

const KO_FAMILY: &[&str] = &[
    "김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오",
];
const KO_GIVEN: &[&str] = &[
    "민준", "서연", "도윤", "하은", "지호", "수아", "예준", "지우", "시우", "서윤", "주원", "하린",
];
const KO_ADDR: &[(&str, &str)] = &[
    ("06236", "서울특별시 강남구 테헤란로 152"),
    ("04524", "서울특별시 중구 세종대로 110"),
    ("48058", "부산광역시 해운대구 센텀중앙로 79"),
    ("13529", "경기도 성남시 분당구 판교역로 235"),
    ("61475", "광주광역시 동구 금남로 245"),
    ("34126", "대전광역시 유성구 대학로 99"),
];
const KO_ROOM: &[&str] = &["101동 1203호", "3층", "B동 502호", "2층 201호", "1207호", ""];
const KO_MSG: &[&str] = &[
    "부재 시 문 앞에 놓아주세요",
    "배송 전 연락 바랍니다",
    "경비실에 맡겨주세요",
    "",
    "",
];

const JA_FAMILY: &[&str] = &[
    "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
];
const JA_GIVEN: &[&str] = &[
    "花子",
    "一郎",
    "陽菜",
    "蓮",
    "結衣",
    "大翔",
    "さくら",
    "悠真",
    "美咲",
    "健太",
];
const JA_ADDR: &[(&str, &str)] = &[
    ("150-0002", "東京都渋谷区渋谷2-21-1"),
    ("530-0001", "大阪府大阪市北区梅田3-1-3"),
    ("460-0008", "愛知県名古屋市中区栄3-5-1"),
    ("812-0012", "福岡県福岡市博多区博多駅中央街1-1"),
    ("060-0005", "北海道札幌市中央区北5条西2-5"),
    ("980-0021", "宮城県仙台市青葉区中央1-1-1"),
];
const JA_ROOM: &[&str] = &[
    "ヒカリエ 11F",
    "グランフロント 305号室",
    "",
    "メゾン栄 402",
    "ハイツ博多 201",
    "",
];
const JA_MSG: &[&str] = &[
    "置き配希望",
    "午前中指定でお願いします",
    "不在時は宅配ボックスへ",
    "",
    "",
];

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// A buyer or receiver.
pub fn person(korean: bool, rng: &mut StdRng) -> Person {
    if korean {
        let (zip, addr) = *pick(rng, KO_ADDR);
        Person {
            name: format!("{}{}", pick(rng, KO_FAMILY), pick(rng, KO_GIVEN)),
            phone: format!(
                "010-{:04}-{:04}",
                rng.random_range(1000..9999),
                rng.random_range(1000..9999)
            ),
            zip: zip.to_string(),
            addr1: addr.to_string(),
            addr2: pick(rng, KO_ROOM).to_string(),
        }
    } else {
        let (zip, addr) = *pick(rng, JA_ADDR);
        Person {
            name: format!("{} {}", pick(rng, JA_FAMILY), pick(rng, JA_GIVEN)),
            phone: format!(
                "090-{:04}-{:04}",
                rng.random_range(1000..9999),
                rng.random_range(1000..9999)
            ),
            zip: zip.to_string(),
            addr1: addr.to_string(),
            addr2: pick(rng, JA_ROOM).to_string(),
        }
    }
}

/// A delivery message (often empty).
pub fn message(korean: bool, rng: &mut StdRng) -> &'static str {
    if korean {
        pick::<&str>(rng, KO_MSG)
    } else {
        pick::<&str>(rng, JA_MSG)
    }
}

const KO_PRODUCTS: &[(&str, &str, i64, bool)] = &[
    ("TS", "오버핏 반팔 티셔츠", 19_900, true),
    ("HD", "기모 후드 집업", 45_000, true),
    ("SK", "무지 양말 5족 세트", 9_900, false),
    ("TB", "친환경 텀블러 500ml", 15_800, false),
    ("CP", "볼캡 모자", 22_000, true),
    ("BG", "캔버스 에코백", 12_900, false),
];
const JA_PRODUCTS: &[(&str, &str, i64, bool)] = &[
    ("TS", "Tシャツ 白", 1_980, true),
    ("PK", "パーカー 裏起毛", 4_980, true),
    ("SO", "靴下 3足セット", 990, false),
    ("MG", "マグカップ 350ml", 1_500, false),
    ("CP", "キャップ 帽子", 2_480, true),
    ("TO", "今治タオル", 1_200, false),
];
const KO_COLOURS: &[(&str, &str)] = &[("블랙", "BK"), ("화이트", "WH"), ("네이비", "NV")];
const KO_SIZES: &[&str] = &["S", "M", "L"];
const JA_COLOURS: &[(&str, &str)] = &[("ホワイト", "WH"), ("ブラック", "BK"), ("ネイビー", "NV")];
const JA_SIZES: &[(&str, &str)] = &[("Sサイズ", "S"), ("Mサイズ", "M"), ("Lサイズ", "L")];

/// The seller's catalogue on one site: single products and products with colour/size options,
/// with seller codes prefixed by the site (`GR-TS-001`, `GR-TS-001-BK-M`).
pub fn catalogue(site: Site, rng: &mut StdRng) -> Vec<SimProduct> {
    let japanese = matches!(site, Site::Qoo10 | Site::Crossmall);
    let prefix = match site {
        Site::Qoo10 => "QO",
        Site::Gmarket => "GM",
        Site::Auction => "AU",
        Site::Lotteon => "LO",
        Site::Crossmall => "CM",
        Site::Grip => "GR",
    };
    let table = if japanese { JA_PRODUCTS } else { KO_PRODUCTS };
    table
        .iter()
        .enumerate()
        .map(|(i, (code, name, price, optioned))| {
            let product_code = format!("{prefix}-{code}-{:03}", i + 1);
            let product_id = match site {
                Site::Crossmall => format!("{}", 1001 + i),
                _ => format!("{}", 3_000_000 + rng.random_range(0..900_000) * 10 + i as u32),
            };
            let mut options = Vec::new();
            if *optioned {
                let mut n = 0;
                for c in 0..3 {
                    for s in 0..3 {
                        n += 1;
                        let (attr1, colour_code, attr2, size_code) = if japanese {
                            (JA_COLOURS[c].0, JA_COLOURS[c].1, JA_SIZES[s].0, JA_SIZES[s].1)
                        } else {
                            (KO_COLOURS[c].0, KO_COLOURS[c].1, KO_SIZES[s], KO_SIZES[s])
                        };
                        options.push(SimOption {
                            option_id: format!("{product_id}{n:02}"),
                            option_code: format!("{product_code}-{colour_code}-{size_code}"),
                            attr1: attr1.to_string(),
                            attr2: attr2.to_string(),
                            stock: rng.random_range(0..50),
                        });
                    }
                }
            }
            SimProduct {
                product_id,
                product_code,
                name: name.to_string(),
                price: *price,
                stock: rng.random_range(0..200),
                options,
                expire_date: "2030-12-31".to_string(),
            }
        })
        .collect()
}
