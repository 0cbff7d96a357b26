//! Realistic text for synthetic records: requesters' names and addresses, merchants'
//! shop names, and rights-request emails in English and Traditional Chinese written the
//! way customers and merchants write them — each request text carrying the phrase the
//! classifier (`intake::classify`) recognises for its type, or none when it needs triage.

use super::rng::Rng;

/// The language a message is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Zh,
}

const HK_SURNAMES: &[&str] = &[
    "Chan", "Wong", "Lee", "Cheung", "Lau", "Ng", "Ho", "Leung", "Lam", "Tsang", "Yip", "Kwok",
    "Tang", "Chow", "Fung", "Lai", "Yeung", "Mak", "Siu", "Tam", "Choi", "Law", "Poon", "Lo",
];
const HK_GIVEN: &[&str] = &[
    "Tai Man",
    "Siu Ming",
    "Ka Yan",
    "Wing Sze",
    "Chi Keung",
    "Mei Ling",
    "Hoi Yan",
    "Ka Ho",
    "Jason",
    "Michelle",
    "Kelvin",
    "Cherry",
    "Ivan",
    "Winnie",
    "Tommy",
    "Karen",
    "Alex",
    "Joyce",
    "Natalie",
    "Marco",
    "Coco",
    "Vincent",
    "Priscilla",
    "Eric",
];
const ZH_SURNAMES: &[&str] = &[
    "陳", "黃", "李", "張", "劉", "吳", "何", "梁", "林", "曾", "葉", "郭", "鄧", "周", "馮", "黎",
    "楊", "麥", "蕭", "譚",
];
const ZH_GIVEN: &[&str] = &[
    "大文", "小明", "嘉欣", "詠詩", "志強", "美玲", "凱欣", "家豪", "俊傑", "曉彤", "子健", "慧敏",
    "偉倫", "穎琳", "浩然", "雅婷",
];
const EU_NAMES: &[(&str, &str)] = &[
    ("Sophie", "Müller"),
    ("Lukas", "Schmidt"),
    ("Marie", "Dubois"),
    ("Giulia", "Rossi"),
    ("Jan", "de Vries"),
    ("Anna", "Kowalska"),
    ("Lucía", "García"),
    ("Mikkel", "Hansen"),
    ("Elena", "Popescu"),
    ("Tomás", "Ferreira"),
];
const UK_NAMES: &[(&str, &str)] = &[
    ("Oliver", "Smith"),
    ("Amelia", "Jones"),
    ("Harry", "Taylor"),
    ("Isla", "Brown"),
    ("George", "Wilson"),
    ("Emily", "Evans"),
    ("Jack", "Thomas"),
    ("Poppy", "Roberts"),
];
const US_NAMES: &[(&str, &str)] = &[
    ("Emily", "Johnson"),
    ("Michael", "Brown"),
    ("Ashley", "Garcia"),
    ("David", "Martinez"),
    ("Jessica", "Nguyen"),
    ("Daniel", "Kim"),
    ("Sarah", "Miller"),
    ("Kevin", "Lopez"),
];
const SG_NAMES: &[(&str, &str)] = &[
    ("Wei Ling", "Tan"),
    ("Jun Jie", "Lim"),
    ("Nurul", "Aisyah"),
    ("Priya", "Raj"),
    ("Hui Min", "Goh"),
    ("Darren", "Ong"),
];
const BR_NAMES: &[(&str, &str)] = &[
    ("João", "Silva"),
    ("Ana", "Souza"),
    ("Lucas", "Oliveira"),
    ("Mariana", "Santos"),
    ("Gabriel", "Pereira"),
    ("Beatriz", "Costa"),
];
const HK_MAIL: &[&str] = &[
    "gmail.com",
    "yahoo.com.hk",
    "hotmail.com",
    "netvigator.com",
    "outlook.com",
    "icloud.com",
    "hkbn.net",
    "qq.com",
];
const WORLD_MAIL: &[&str] = &[
    "gmail.com",
    "outlook.com",
    "yahoo.com",
    "icloud.com",
    "proton.me",
    "gmx.de",
    "orange.fr",
    "uol.com.br",
    "singnet.com.sg",
];

/// Someone who writes to contact@wesmond.com.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub email: String,
    /// The language they write in.
    pub lang: Lang,
}

fn ascii_slug(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(|c| match c {
            'ü' => 'u',
            'é' | 'è' => 'e',
            'á' | 'ã' => 'a',
            'í' => 'i',
            'ó' => 'o',
            'ç' => 'c',
            c => c,
        })
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ')
        .collect();
    folded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("")
        .to_ascii_lowercase()
}

/// A requester from `jurisdiction`: a Hong Kong requester writes in Chinese about
/// four times in ten.
pub fn person(rng: &mut Rng, jurisdiction: &str) -> Person {
    let number = rng.range(1, 999);
    if jurisdiction == "HK" {
        let surname = rng.one(HK_SURNAMES);
        if rng.chance(0.4) {
            let zh = format!("{}{}", rng.one(ZH_SURNAMES), rng.one(ZH_GIVEN));
            let given = ascii_slug(rng.one(HK_GIVEN));
            return Person {
                name: zh,
                email: format!(
                    "{given}.{}{number}@{}",
                    surname.to_ascii_lowercase(),
                    rng.one(HK_MAIL)
                ),
                lang: Lang::Zh,
            };
        }
        let given = rng.one(HK_GIVEN);
        return Person {
            name: format!("{surname} {given}"),
            email: format!(
                "{}{}{number}@{}",
                ascii_slug(given),
                surname.to_ascii_lowercase(),
                rng.one(HK_MAIL)
            ),
            lang: Lang::En,
        };
    }
    let names = match jurisdiction {
        "EU" => EU_NAMES,
        "UK" => UK_NAMES,
        "US-CA" => US_NAMES,
        "SG" => SG_NAMES,
        _ => BR_NAMES,
    };
    let (given, surname) = rng.one(names);
    Person {
        name: format!("{given} {surname}"),
        email: format!(
            "{}.{}{number}@{}",
            ascii_slug(given),
            ascii_slug(surname),
            rng.one(WORLD_MAIL)
        ),
        lang: Lang::En,
    }
}

const SHOP_FIRST: &[&str] = &[
    "Harbour", "Lantern", "Jade", "Peak", "Kowloon", "Victoria", "Lotus", "Bamboo", "Golden",
    "Silver", "Pearl", "Maple", "Orchid", "Crimson", "Azure", "Ivory", "Misty", "Sunny", "Urban",
    "Coastal", "Little", "Happy", "Lucky", "Royal", "Green", "Blue", "Red", "White", "Noble",
    "Swift", "Bright", "Cozy", "Wild", "Quiet", "Eastern", "Northern", "Southern", "Western",
    "Island", "Mountain",
];
const SHOP_SECOND: &[&str] = &[
    "Tea",
    "Dragon",
    "Garden",
    "Bakery",
    "Threads",
    "Ceramics",
    "Optics",
    "Florist",
    "Pets",
    "Skincare",
    "Sneakers",
    "Books",
    "Toys",
    "Kitchen",
    "Coffee",
    "Denim",
    "Jewellery",
    "Gadgets",
    "Outdoor",
    "Wellness",
    "Stationery",
    "Home",
    "Beauty",
    "Cycles",
    "Audio",
    "Vintage",
    "Crafts",
    "Snacks",
    "Noodle",
    "Candle",
    "Leather",
    "Watch",
    "Bags",
    "Socks",
    "Herbal",
    "Seafood",
    "Fitness",
    "Baby",
    "Games",
    "Prints",
];
const SHOP_KIND: &[&str] = &[
    "Co", "Store", "Trading", "Shop", "House", "Studio", "Market", "Supply", "Lab", "Works",
];

/// The `n`th shop name (0-based), unique for every `n`: two words and a kind, with a
/// number once every combination is taken.
pub fn shop_name(n: u64) -> String {
    let (a, b, c) = (
        SHOP_FIRST.len() as u64,
        SHOP_SECOND.len() as u64,
        SHOP_KIND.len() as u64,
    );
    let combos = a * b * c;
    // Spread neighbouring numbers over different words: 11,113 shares no factor with the
    // number of combinations, so this is a permutation of them.
    let p = (n % combos).wrapping_mul(11_113) % combos;
    let name = format!(
        "{} {} {}",
        SHOP_FIRST[(p % a) as usize],
        SHOP_SECOND[(p / a % b) as usize],
        SHOP_KIND[(p / a / b) as usize]
    );
    if n < combos {
        name
    } else {
        format!("{name} {}", n / combos + 1)
    }
}

/// The shop's domain on Shopify: its name in lowercase, hyphenated.
pub fn shop_domain(name: &str) -> String {
    format!(
        "{}.myshopify.com",
        name.split_whitespace()
            .map(str::to_ascii_lowercase)
            .collect::<Vec<_>>()
            .join("-")
    )
}

/// A Hong Kong mobile number.
pub fn phone(rng: &mut Rng) -> String {
    format!(
        "+852 {}{:03} {:04}",
        rng.one(&["5", "6", "9"]),
        rng.below(1000),
        rng.below(10_000)
    )
}

/// One type's wording: subjects and the core sentence of the request.
struct Wording {
    subjects_en: &'static [&'static str],
    cores_en: &'static [&'static str],
    subjects_zh: &'static [&'static str],
    cores_zh: &'static [&'static str],
}

const ACCESS: Wording = Wording {
    subjects_en: &[
        "Data access request",
        "Request for a copy of my personal data",
        "Subject access request",
        "Personal data request",
    ],
    cores_en: &[
        "Under the Personal Data (Privacy) Ordinance I would like a copy of my personal data that you hold.",
        "Please treat this email as a data access request and tell me what personal data you hold about me.",
        "I am making a subject access request for all information relating to me.",
        "Could you give me access to my personal data, including order and marketing records?",
    ],
    subjects_zh: &["查閱資料要求", "要求查閱個人資料", "索取個人資料"],
    cores_zh: &[
        "根據《個人資料（私隱）條例》第18條，本人現提出查閱資料要求，請提供貴公司持有關於本人的個人資料副本。",
        "請讓本人查閱我的個人資料，包括訂單及推廣紀錄。",
        "本人希望索取我的個人資料，請以電郵回覆。",
    ],
};
const DELETION: Wording = Wording {
    subjects_en: &[
        "Please delete my data",
        "Deletion request",
        "Right to be forgotten",
        "Account deletion",
    ],
    cores_en: &[
        "Please delete my personal data from your systems and confirm when it is done.",
        "I no longer shop there; please delete my account and everything linked to it.",
        "I am exercising my right to be forgotten; erase my details from your records.",
        "Kindly remove my personal data from your mailing lists and databases.",
    ],
    subjects_zh: &["要求刪除個人資料", "刪除帳戶", "刪除資料要求"],
    cores_zh: &[
        "請刪除我的個人資料，並於完成後以電郵確認。",
        "本人已不再光顧該網店，請刪除我的帳戶及相關資料。",
        "請從貴公司的系統中移除我的個人資料。",
    ],
};
const CORRECTION: Wording = Wording {
    subjects_en: &[
        "Correction of my personal data",
        "Data correction request",
        "Wrong address on my account",
        "Please correct my details",
    ],
    cores_en: &[
        "My delivery address on file is wrong; please correct my personal data as below.",
        "This is a data correction request: my surname is misspelt in your records.",
        "Please update my personal data: my phone number has changed.",
        "I believe my personal data is inaccurate and ask you to rectify it.",
    ],
    subjects_zh: &["改正資料要求", "更正個人資料", "地址錯誤"],
    cores_zh: &[
        "本人的送貨地址有誤，請更正我的個人資料。",
        "現提出改正資料要求：本人的姓氏串錯了。",
        "請修改我的個人資料：本人的電話號碼已經轉了。",
    ],
};
const WITHDRAW: Wording = Wording {
    subjects_en: &[
        "Withdraw authorization",
        "Revoke access for our store",
        "Disconnect our store",
        "Withdrawal of consent",
    ],
    cores_en: &[
        "We have closed the store and withdraw the authorization we gave TrackTrack for our accounts.",
        "Please revoke access to our ad and analytics accounts; we no longer use the service.",
        "Please disconnect my store from TrackTrack and stop all data syncing.",
        "I withdraw my consent for TrackTrack to read our platform data.",
    ],
    subjects_zh: &["撤回授權", "取消授權", "停止存取本店資料"],
    cores_zh: &[
        "本店已結業，現撤回授權，請停止存取我們的廣告及分析帳戶。",
        "請取消授權 TrackTrack 存取本店的平台資料。",
        "我們決定撤銷授權，請即停止同步數據。",
    ],
};
const OTHER: Wording = Wording {
    subjects_en: &[
        "Marketing emails",
        "Question about your privacy policy",
        "Complaint",
        "Where is my information stored?",
    ],
    cores_en: &[
        "Please stop sending me promotional emails; I never asked for them.",
        "Could you tell me which countries my information is transferred to?",
        "I would like to complain about how my details were shared with a partner.",
        "Please tell me which service providers receive my information.",
    ],
    subjects_zh: &["推廣電郵", "私隱政策查詢", "投訴"],
    cores_zh: &[
        "請停止向本人發送推廣電郵。",
        "請問貴公司會把本人的資料轉移到哪些地方？",
        "本人想就資料被分享給合作夥伴一事作出投訴。",
    ],
};
const UNCLEAR: Wording = Wording {
    subjects_en: &["Regarding my account", "Urgent", "Please help", "Privacy"],
    cores_en: &[
        "I have a question about my information with you, please call me.",
        "Something is wrong with my account, please help urgently.",
        "Please delete my data, or at least correct my address if you must keep it.",
    ],
    subjects_zh: &["關於我的帳戶", "緊急", "查詢"],
    cores_zh: &[
        "本人的帳戶有問題，請盡快聯絡本人。",
        "有關本人資料的事宜，請致電本人。",
    ],
};

fn wording(kind: &str) -> &'static Wording {
    match kind {
        "access" => &ACCESS,
        "deletion" => &DELETION,
        "correction" => &CORRECTION,
        "withdraw_authorization" => &WITHDRAW,
        "other" => &OTHER,
        _ => &UNCLEAR,
    }
}

/// A request email: subject and plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub body: String,
    /// Which subject and core sentence were used (for caching their classification).
    pub wording: (u8, u8),
}

/// What a request's text is about, besides its type.
pub struct About<'a> {
    pub shop: Option<&'a str>,
    pub order: u64,
    /// The date of the purchase or of connecting the store (YYYY-MM-DD).
    pub date: &'a str,
}

/// A request of `kind` ("needs_triage" for one no phrase decides) from `who`.
pub fn request_letter(rng: &mut Rng, kind: &str, who: &Person, about: &About<'_>) -> Letter {
    let w = wording(kind);
    let merchant_writes = kind == "withdraw_authorization";
    let (subjects, cores) = match who.lang {
        Lang::En => (w.subjects_en, w.cores_en),
        Lang::Zh => (w.subjects_zh, w.cores_zh),
    };
    let (si, ci) = (rng.index(subjects.len()), rng.index(cores.len()));
    let mut body = String::with_capacity(512);
    let shop = about.shop.unwrap_or(match who.lang {
        Lang::En => "one of your merchants",
        Lang::Zh => "貴公司客戶",
    });
    match who.lang {
        Lang::En => {
            body.push_str(rng.one(&[
                "Dear Sir or Madam,",
                "Hello,",
                "Hi Wesmond team,",
                "To the Data Protection Officer,",
                "Dear TrackTrack support,",
            ]));
            body.push_str("\n\n");
            if merchant_writes {
                body.push_str(&format!(
                    "We run {shop} and connected TrackTrack on {}.",
                    about.date
                ));
            } else {
                match rng.below(3) {
                    0 => body.push_str(&format!(
                        "I bought from {shop} on {} (order #{}) and understand they use TrackTrack for their store analytics.",
                        about.date, about.order
                    )),
                    1 => body.push_str(&format!("I am a customer of {shop}.")),
                    _ => body.push_str(&format!("My account email is {}.", who.email)),
                }
            }
            body.push(' ');
            body.push_str(cores[ci]);
            body.push_str("\n\n");
            body.push_str(rng.one(&[
                "Thank you,",
                "Regards,",
                "Best regards,",
                "Many thanks,",
                "Sincerely,",
            ]));
            body.push('\n');
            body.push_str(&who.name);
        }
        Lang::Zh => {
            body.push_str(rng.one(&["您好，", "敬啟者：", "Wesmond 私隱主任："]));
            body.push_str("\n\n");
            if merchant_writes {
                body.push_str(&format!(
                    "我們經營{shop}，於{}連接了 TrackTrack。",
                    about.date
                ));
            } else if rng.chance(0.6) {
                body.push_str(&format!(
                    "本人曾於{}在{shop}網店購物（訂單編號 #{}），得悉該商戶使用 TrackTrack 分析店舖數據。",
                    about.date, about.order
                ));
            } else {
                body.push_str(&format!("本人的帳戶電郵為 {}。", who.email));
            }
            body.push_str(cores[ci]);
            body.push_str("\n\n");
            body.push_str(rng.one(&["謝謝。", "此致", "多謝幫忙。"]));
            body.push_str("\n\n");
            body.push_str(&who.name);
        }
    }
    Letter {
        subject: subjects[si].to_string(),
        body,
        wording: (si as u8, ci as u8),
    }
}

/// The subject and core sentence a letter was made of, to classify once per wording.
pub fn wording_text(kind: &str, lang: Lang, choice: (u8, u8)) -> (&'static str, &'static str) {
    let w = wording(kind);
    match lang {
        Lang::En => (
            w.subjects_en[choice.0 as usize],
            w.cores_en[choice.1 as usize],
        ),
        Lang::Zh => (
            w.subjects_zh[choice.0 as usize],
            w.cores_zh[choice.1 as usize],
        ),
    }
}

/// A requester's answer to the acknowledgement (proof of identity, details), quoting it.
pub fn reply_body(rng: &mut Rng, who: &Person, order: u64) -> String {
    let (line, quoted) = match who.lang {
        Lang::En => (
            rng.one(&[
                "Thank you for your reply. Attached is a copy of my ID with the number masked, as you asked.",
                "Thanks. The order number is #{order} and the email on the account is this one.",
                "Please see my answers below. I can also confirm by phone if that helps.",
                "Thank you. I confirm the request and the details are correct.",
            ]),
            "> Thank you for your message. To verify your identity, please reply with\n> your order number and the email address on your account.",
        ),
        Lang::Zh => (
            rng.one(&[
                "多謝回覆。附上已遮蓋號碼的身份證副本，以便核實身份。",
                "謝謝。訂單編號為 #{order}，帳戶電郵就是這個地址。",
                "本人確認上述要求，資料正確。",
            ]),
            "> 多謝來信。為核實閣下身份，請回覆訂單編號及帳戶電郵地址。",
        ),
    };
    format!(
        "{}\n\n{}\n\n{quoted}",
        line.replace("{order}", &order.to_string()),
        who.name
    )
}

/// How a closed request ended, in the officer's words.
pub fn outcome(rng: &mut Rng, kind: &str, status: &str) -> &'static str {
    match status {
        "refused" => rng.one(&[
            "Refused: identity could not be verified after two requests for proof.",
            "Refused: a repeat of a request answered within the last 30 days.",
            "Refused: the data asked for is held by the merchant, not by Wesmond; requester referred to the merchant.",
        ]),
        "withdrawn" => rng.one(&[
            "Requester withdrew the request by email.",
            "Requester said the matter was resolved with the merchant.",
        ]),
        _ => match kind {
            "access" => rng.one(&[
                "Copy of the personal data sent by encrypted email; password sent by SMS.",
                "Data access response sent with the order, marketing and analytics records held.",
            ]),
            "deletion" => rng.one(&[
                "Customer profile, order history and marketing lists deleted in TrackTrack; merchant notified.",
                "Personal data erased from TrackTrack and the reporting exports; confirmation sent.",
            ]),
            "correction" => rng.one(&[
                "Address corrected in TrackTrack and in the merchant's store; requester informed.",
                "Record corrected; third parties that received it notified.",
            ]),
            "withdraw_authorization" => rng.one(&[
                "All platform authorizations revoked and tokens deleted; merchant informed.",
                "Store disconnected, platform access revoked; synced data scheduled for deletion.",
            ]),
            _ => rng.one(&[
                "Replied with the information asked for.",
                "Removed from marketing lists; replied.",
            ]),
        },
    }
}

/// Service providers a Hong Kong e-commerce services company commonly uses: name,
/// service, purpose, country.
pub const KNOWN_PROCESSORS: &[(&str, &str, &str, &str)] = &[
    (
        "Amazon Web Services",
        "Cloud hosting",
        "Hosting TrackTrack's servers and databases",
        "US",
    ),
    (
        "Google Cloud",
        "Cloud hosting and BigQuery",
        "Data warehouse for merchants' reports",
        "US",
    ),
    (
        "Cloudflare",
        "CDN and security",
        "Serving the website and blocking attacks",
        "US",
    ),
    (
        "Zendesk",
        "Customer support",
        "Support tickets from merchants",
        "US",
    ),
    (
        "Stripe",
        "Payments",
        "Billing merchants' subscriptions",
        "US",
    ),
    ("Xero", "Accounting", "Invoices and bookkeeping", "NZ"),
    (
        "Mailgun",
        "Transactional email",
        "Sending reports and notices",
        "US",
    ),
    ("Twilio", "SMS", "One-time passwords and alerts", "US"),
    (
        "Sentry",
        "Error monitoring",
        "Crash reports from the application",
        "US",
    ),
    ("Datadog", "Monitoring", "Server metrics and logs", "US"),
    (
        "Atlassian",
        "Collaboration",
        "Tickets and documentation",
        "AU",
    ),
    ("Slack", "Messaging", "Internal communication", "US"),
    ("HubSpot", "CRM", "Merchant sales pipeline", "US"),
    (
        "PCCW Global",
        "Connectivity",
        "Office network and backup line",
        "HK",
    ),
    ("HKT", "Telephony", "Office telephony", "HK"),
    (
        "Alibaba Cloud",
        "Cloud hosting",
        "Backup region in Hong Kong",
        "HK",
    ),
    (
        "DocuSign",
        "E-signature",
        "Signing merchant contracts",
        "US",
    ),
    (
        "1Password",
        "Password management",
        "Staff credentials",
        "CA",
    ),
    (
        "Intercom",
        "In-app messaging",
        "Merchant onboarding messages",
        "US",
    ),
    (
        "Deloitte Hong Kong",
        "Audit",
        "Annual statutory audit",
        "HK",
    ),
];
/// What the other (made-up) processors do.
pub const PROCESSOR_SERVICES: &[&str] = &[
    "Data",
    "Cloud",
    "Mail",
    "Analytics",
    "Support",
    "Payments",
    "Logistics",
    "Security",
    "Print",
    "Translation",
];
/// Company forms, with the country they belong to.
pub const COMPANY_FORMS: &[(&str, &str)] = &[
    ("Limited", "HK"),
    ("Pte Ltd", "SG"),
    ("GmbH", "DE"),
    ("Inc", "US"),
    ("Ltd", "GB"),
    ("KK", "JP"),
    ("BV", "NL"),
    ("Pty Ltd", "AU"),
];
/// Data categories processors handle.
pub const DATA_CATEGORIES: &[&str] = &[
    "merchant account data",
    "merchant contact data",
    "platform data",
    "customer data",
    "billing records",
    "technical logs",
    "support messages",
];

/// The `n`th processor (0-based): name, service, purpose and country. The known
/// providers first, then made-up ones, every name unique.
pub fn processor(n: u64) -> (String, String, String, &'static str) {
    if let Some(k) = KNOWN_PROCESSORS.get(n as usize) {
        return (k.0.into(), k.1.into(), k.2.into(), k.3);
    }
    let m = n - KNOWN_PROCESSORS.len() as u64;
    let (services, forms, firsts) = (
        PROCESSOR_SERVICES.len() as u64,
        COMPANY_FORMS.len() as u64,
        SHOP_FIRST.len() as u64,
    );
    let service = PROCESSOR_SERVICES[(m % services) as usize];
    let (form, country) = COMPANY_FORMS[(m / services % forms) as usize];
    let round = m / (services * forms);
    let first = SHOP_FIRST[(round % firsts) as usize];
    let name = match round / firsts {
        0 => format!("{first} {service} {form}"),
        k => format!("{first} {service} {form} {}", k + 1),
    };
    (
        name,
        format!("{service} services"),
        format!("{service} services for Wesmond's operations"),
        country,
    )
}

/// Who works the requests.
pub const OFFICERS: &[&str] = &["mchan", "kwong", "lsiu", "jtam", "hlee"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::classify::classify;

    #[test]
    fn every_wording_classifies_as_its_type() {
        for kind in [
            "access",
            "deletion",
            "correction",
            "withdraw_authorization",
            "other",
            "needs_triage",
        ] {
            let w = wording(kind);
            for (subjects, cores) in [(w.subjects_en, w.cores_en), (w.subjects_zh, w.cores_zh)] {
                for s in subjects {
                    for c in cores {
                        let got = classify(Some(s), c).kind;
                        let want = if kind == "other" {
                            "needs_triage"
                        } else {
                            kind
                        };
                        assert_eq!(got, want, "{kind}: {s} / {c}");
                    }
                }
            }
        }
    }

    #[test]
    fn processor_names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for n in 0..20_000 {
            assert!(seen.insert(processor(n).0.to_lowercase()), "{n}");
        }
    }

    #[test]
    fn shop_names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for n in 0..40_000 {
            assert!(
                seen.insert(shop_domain(&shop_name(n)).to_lowercase()),
                "{n}"
            );
        }
    }

    #[test]
    fn letters_around_the_core_add_no_phrase() {
        let mut rng = Rng::new(3);
        for i in 0..2_000 {
            let kind = [
                "access",
                "deletion",
                "correction",
                "withdraw_authorization",
                "other",
            ][i % 5];
            let who = person(&mut rng, ["HK", "EU", "US-CA"][i % 3]);
            let about = About {
                shop: Some("Harbour Tea Co"),
                order: 1234,
                date: "2024-03-01",
            };
            let l = request_letter(&mut rng, kind, &who, &about);
            let (s, c) = wording_text(kind, who.lang, l.wording);
            assert_eq!(
                classify(Some(&l.subject), &l.body),
                classify(Some(s), c),
                "{}\n{}",
                l.subject,
                l.body
            );
        }
    }
}
