//! The files `inkdesk init` writes: the default policy (README, "How deadlines are computed"), commented so a
//! shop owner can edit it, and the English and Chinese template sets.

/// The default `inkdesk.yaml` with English comments; `{TIMEZONE}` and `{SHOP}` are
/// filled in by `init`.
pub const POLICY_EN: &str = r#"# inkdesk service policy — edit to fit your shop; `inkdesk check` validates it.
# Durations: calendar time 30m, 72h, 2d; working time 30wm, 1wh (working hours),
# 2wd (working days: the same time of day that many working days later); eod = end
# of the working day. Deadlines already stored on tickets never move when this changes.

lang: en                      # the language people read: en or zh (--lang changes it for one command)

shop:
  name: {SHOP}
  timezone: {TIMEZONE}        # IANA name, e.g. Asia/Shanghai, America/New_York
  currency: CNY

calendar:
  days: [mon, tue, wed, thu, fri]
  hours: ["09:00-18:00"]      # several intervals for a lunch break: ["09:00-12:00", "13:00-18:00"]
  hours_by_day: {}            # e.g. { sat: ["09:00-12:00"] }
  holidays: []                # e.g. [2026-10-01, 2026-10-02..2026-10-08] (a range: both ends included)
  workdays: []                # weekend dates that work (make-up days), e.g. [2026-09-20]; with other hours: { date: 2026-09-20, hours: ["09:00-12:00"] }

limits:
  response: 1wh               # first contact with the customer after opening
  response_vip: 0.5wh         # first contact for a VIP (大客户)
  progress: 1wd               # the customer hears from us at least this often while open
  after_escalation: 2wd       # the new holder contacts the customer within this
  warning: 1h                 # "due soon" window
  entry: 15wm                 # enter the ticket within this of the call (--received); later shows as entered late
  urgent_factor: 0.5          # urgent tickets (急单): resolution limit times this
  resolution:                 # per kind; a template may override its own
    complaint: 1wd
    consult: eod
    reprint: 2wd
    delivery: 1wd
    repair: 5wd
    onsite: 2wd
    suggestion: 5wd
    default: 2wd

escalation:
  ladder: [agent, supervisor, manager]   # level 0, 1, 2
  on_missed_resolution: true             # resolution deadline missed -> next level
  on_broken_promise: true                # promised date passed -> at least supervisor
  next_level_after: 3wd                  # unresolved this long at a level -> next level

callback:
  within: 3wd                 # call the customer back after resolution
  earliest: 1wd               # ... but not sooner: the customer must see the result first
  max_attempts: 3             # unreachable this often -> may close without a callback
  gap: 2wh                    # unreached attempts count only this far apart
  escalate_dissatisfied: true # a dissatisfied callback reopens the ticket one level up

review:
  sample_percent: 20          # monthly quality-review sample of closed tickets
  per_agent_min: 1            # sample --per-agent: at least this many of each agent's closed tickets
  per_agent_max: 5            # ... and at most this many, a month

verify:
  kinds: [complaint]          # a second check by someone other than the resolver before closing
  before: 1wh                 # ... due this long before the resolution limit

dispatch:                     # passing the ticket to the department responsible (update --department)
  kinds: [complaint, reprint, repair, onsite]
  within: 1wh                 # ... within this of the call, unless opened with a department

authority:                    # the most compensation a level may grant alone; above it, --approved-by someone who may
  agent: 500
  supervisor: 5000            # a level not listed (manager) may grant any amount

# Staff who hold tickets; when the list is empty anyone may. Roles are ladder levels.
staff: []
#  - { id: lina, name: 李娜, role: agent }
#  - { id: zhou, name: 周强, role: supervisor }
#  - { id: chen, name: 陈总, role: manager }
# phone: the mobile number chat robots mention them by; chat_id: their WeCom userid,
# DingTalk userId or Feishu open_id (mentions by id).

# Reminders sent by `inkdesk notify` (cron, every few minutes). A robot's address and
# secret are read from an environment variable or a file outside the desk, never here.
notify:
  quiet: true                 # outside working time send only what concerns urgent tickets
  timeout: 10                 # seconds one send may take
  attempts: 3                 # tries of one send
  backoff: 2                  # seconds before the second try, doubled before each next
  channels: []
#  - { kind: wecom, url_env: INKDESK_WECOM_URL }       # 企业微信 group robot
#  - { kind: dingtalk, url_env: INKDESK_DINGTALK_URL, secret_env: INKDESK_DINGTALK_SECRET }
#  - { kind: feishu, url_env: INKDESK_FEISHU_URL, secret_env: INKDESK_FEISHU_SECRET }
#  - { kind: webhook, url_file: /etc/inkdesk/webhook-url }   # any JSON POST
#  - { kind: desktop }                                # notify-send
#  - { kind: email, to: [supervisor@example.com] }    # the system's sendmail

commit: true                  # one git commit per change (when the desk is a git repository)
ascii: false                  # true: tables drawn in plain ASCII, for terminals that draw ─ … ★ two cells wide (INKDESK_ASCII=1 for one person)
"#;

/// The same policy with Chinese comments, for a desk whose language is `zh`.
pub const POLICY_ZH: &str = r#"# inkdesk 服务规范：按本店情况修改；`inkdesk check` 会检查本文件。
# 时长写法：自然时间 30m、72h、2d；工作时间 30wm、1wh（工作小时）、2wd（工作日：
# 若干个工作日后的同一时刻）；eod = 当天下班时。修改本文件不会改动工单上已定的时限。

lang: zh                      # 界面语言：zh 或 en（--lang 可临时改一次命令的语言）

shop:
  name: {SHOP}
  timezone: {TIMEZONE}        # IANA 时区名，例如 Asia/Shanghai
  currency: CNY               # 币种（ISO 4217 代码），金额显示为 ¥3,650

calendar:
  days: [mon, tue, wed, thu, fri]   # 工作日：mon tue wed thu fri sat sun
  hours: ["09:00-18:00"]      # 有午休时写成多段：["09:00-12:00", "13:00-18:00"]
  hours_by_day: {}            # 某天工作时间不同时，例如 { sat: ["09:00-12:00"] }
  holidays: []                # 法定节假日，例如 [2026-10-01, 2026-10-02..2026-10-08]（范围含首尾两天）
  workdays: []                # 调休上班的周末，例如 [2026-09-20]；工作时间不同时写 { date: 2026-09-20, hours: ["09:00-12:00"] }

limits:
  response: 1wh               # 开单后首次联系客户的时限
  response_vip: 0.5wh         # 大客户（VIP）的首次联系时限
  progress: 1wd               # 工单未结期间，至少每隔这么久联系客户一次
  after_escalation: 2wd       # 升级后，新的处理人须在此时限内联系客户
  warning: 1h                 # “即将到期”的提醒窗口
  entry: 15wm                 # 接到来电后须在此时限内开单（--received 为来电时间），超过显示为“开单延迟”
  urgent_factor: 0.5          # 急单：解决时限乘以此系数
  resolution:                 # 各类工单的解决时限；模板可以单独规定
    complaint: 1wd
    consult: eod
    reprint: 2wd
    delivery: 1wd
    repair: 5wd
    onsite: 2wd
    suggestion: 5wd
    default: 2wd

escalation:
  ladder: [agent, supervisor, manager]   # 级别 0 坐席、1 主管、2 经理
  on_missed_resolution: true             # 解决时限已过 -> 升到上一级
  on_broken_promise: true                # 承诺日期已过未解决 -> 至少升到主管
  next_level_after: 3wd                  # 在某一级别这么久仍未解决 -> 再升一级

callback:
  within: 3wd                 # 解决后在此时限内回访客户
  earliest: 1wd               # ……但不早于解决后这么久：等客户看到处理结果
  max_attempts: 3             # 这么多次联系不上客户后，可以不回访直接关闭
  gap: 2wh                    # 两次未联系上的回访至少相隔这么久才计数
  escalate_dissatisfied: true # 客户不满意时重新打开工单并升到上一级（客服主管）

review:
  sample_percent: 20          # 每月质检抽查已关闭工单的比例（%）
  per_agent_min: 1            # sample --per-agent：每位坐席每月至少抽这么多张已关闭工单
  per_agent_max: 5            # ……至多这么多张

verify:
  kinds: [complaint]          # 这些类别的工单须由解决人以外的人复检，通过后才能关闭
  before: 1wh                 # ……复检须在解决时限前这么久完成

dispatch:                     # 派单：把工单交给责任部门（update --department）
  kinds: [complaint, reprint, repair, onsite]
  within: 1wh                 # ……接到来电后须在此时限内派单（开单时已填部门的除外）

authority:                    # 各级别可自行批准的最高赔偿金额；超过时须 --approved-by 有权批准的人
  agent: 500
  supervisor: 5000            # 未列出的级别（经理）金额不限

# 处理工单的员工；列表为空时任何人都可以处理。role 是升级阶梯上的级别。
staff: []
#  - { id: lina, name: 李娜, role: agent }
#  - { id: zhou, name: 周强, role: supervisor }
#  - { id: chen, name: 陈总, role: manager }
# phone：群机器人@提醒时用的手机号；chat_id：企业微信 userid、钉钉 userId 或飞书 open_id。

# `inkdesk notify` 发送的提醒（由 cron 每隔几分钟运行）。机器人的地址和密钥从环境变量
# 或工作台之外的文件读取，绝不写在这里。
notify:
  quiet: true                 # 非工作时间只发送紧急工单的提醒
  timeout: 10                 # 每次发送最多等待的秒数
  attempts: 3                 # 每条消息最多尝试的次数
  backoff: 2                  # 第二次尝试前等待的秒数，之后每次加倍
  channels: []
#  - { kind: wecom, url_env: INKDESK_WECOM_URL }       # 企业微信群机器人
#  - { kind: dingtalk, url_env: INKDESK_DINGTALK_URL, secret_env: INKDESK_DINGTALK_SECRET }  # 钉钉（加签）
#  - { kind: feishu, url_env: INKDESK_FEISHU_URL, secret_env: INKDESK_FEISHU_SECRET }        # 飞书
#  - { kind: webhook, url_file: /etc/inkdesk/webhook-url }   # 任意接收 JSON 的地址
#  - { kind: desktop }                                # 桌面通知（notify-send）
#  - { kind: email, to: [supervisor@example.com] }    # 系统的 sendmail

commit: true                  # 每次修改做一次 git 提交（工作台是 git 仓库时）
ascii: false                  # true：表格只用 ASCII 字符画线，适合把 ─ … ★ 显示成两格宽的终端（如 Xshell 的中文设置；个人可设 INKDESK_ASCII=1）
"#;

/// China's official holidays and make-up working days (调休) for the years inkdesk
/// knows, as `init --holidays cn` writes them into the policy: from the State
/// Council's notices on the holidays of 2025 (published November 2024) and of 2026
/// (published November 2025). Each line is `date-or-range`.
pub const CN_HOLIDAYS: &[&str] = &[
    "2025-01-01",
    "2025-01-28..2025-02-04",
    "2025-04-04..2025-04-06",
    "2025-05-01..2025-05-05",
    "2025-05-31..2025-06-02",
    "2025-10-01..2025-10-08",
    "2026-01-01..2026-01-03",
    "2026-02-15..2026-02-23",
    "2026-04-04..2026-04-06",
    "2026-05-01..2026-05-05",
    "2026-06-19..2026-06-21",
    "2026-09-25..2026-09-27",
    "2026-10-01..2026-10-07",
];

/// The weekend days that work in exchange (调休上班), from the same notices.
pub const CN_WORKDAYS: &[&str] = &[
    "2025-01-26",
    "2025-02-08",
    "2025-04-27",
    "2025-09-28",
    "2025-10-11",
    "2026-01-04",
    "2026-02-14",
    "2026-02-28",
    "2026-05-09",
    "2026-09-20",
    "2026-10-10",
];

/// Writes a staff list (id, name, role) into a policy's text in place of its empty
/// `staff:` line, the commented examples below it dropped.
pub fn with_staff(policy: &str, staff: &[(&str, &str, &str)]) -> String {
    let mut out = String::with_capacity(policy.len());
    let mut examples = false;
    for line in policy.lines() {
        if line.starts_with("staff: []") {
            out.push_str("staff:\n");
            for (id, name, role) in staff {
                out.push_str(&format!("  - {{ id: {id}, name: {name}, role: {role} }}\n"));
            }
            examples = true;
            continue;
        }
        if examples && line.starts_with("#  - {") {
            continue;
        }
        examples = false;
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Writes the Chinese official calendar into a policy's text in place of its empty
/// `holidays:` and `workdays:` lines, with a comment saying where the dates came from.
pub fn with_cn_holidays(policy: &str, lang: crate::i18n::Lang) -> String {
    let (source, made_up) = match lang {
        crate::i18n::Lang::Zh => (
            "  # 中国法定节假日，来自国务院办公厅关于2025年、2026年部分节假日安排的通知；以后各年请按通知补充",
            "  # 调休上班的周末，来源同上",
        ),
        crate::i18n::Lang::En => (
            "  # China's official holidays, from the State Council's notices on the holidays of 2025 and 2026; add later years as they are announced",
            "  # weekend days that work in exchange (调休), from the same notices",
        ),
    };
    let list = |dates: &[&str]| {
        dates
            .iter()
            .map(|d| format!("    - {d}\n"))
            .collect::<String>()
    };
    policy
        .lines()
        .map(|line| {
            if line.starts_with("  holidays: []") {
                format!("{source}\n  holidays:\n{}", list(CN_HOLIDAYS))
            } else if line.starts_with("  workdays: []") {
                format!("{made_up}\n  workdays:\n{}", list(CN_WORKDAYS))
            } else {
                format!("{line}\n")
            }
        })
        .collect()
}

/// A shipped template: its kind and file text.
pub struct TemplateText {
    pub kind: &'static str,
    pub text: &'static str,
}

/// The English template set.
pub const TEMPLATES_EN: &[TemplateText] = &[
    TemplateText {
        kind: "complaint",
        text: r#"kind: complaint
label: Complaint
priority: normal
needs_contact: true
department: Customer service
description: |
  What went wrong (as the customer says it):

  What the customer expects:
checklist:
  - Apologise and confirm the facts with the customer
  - Tell the customer when they will hear back
  - Check the job card and proof against the complaint
  - Agree a remedy with the supervisor if compensation is involved
# The agreed answer (统一口径): what every agent tells the customer, word for word.
answer: We are sorry for the trouble. We will check your job against the signed proof and call you back with our answer and a date.
cause_answers:                # once the cause is known
  customer: The file we printed from had the fault (see the signed proof); we can help you correct it for the next run.
  supplier: A material from our supplier was at fault; we will make it good and have raised it with them.
  carrier: The damage happened in transport; we will replace the damaged copies and claim from the carrier.
"#,
    },
    TemplateText {
        kind: "repair",
        text: r#"kind: repair
label: Repair
priority: normal
needs_contact: true
department: Engineering
description: |
  Equipment and fault:

  Since when:
checklist:
  - Record model and serial number
  - Book a technician and tell the customer the date
  - Confirm the repair with the customer
"#,
    },
    TemplateText {
        kind: "onsite",
        text: r#"kind: onsite
label: On-site maintenance
priority: normal
needs_contact: true
department: Engineering
description: |
  Site address and contact:

  Work to do:
checklist:
  - Agree the visit date with the customer
  - Bring the parts on the job sheet
  - Have the customer sign the service report
"#,
    },
    TemplateText {
        kind: "consult",
        text: r#"kind: consult
label: Consultation
priority: normal
department: Customer service
# A question answered: no fault, no remedy, no callback; it closes when answered.
needs_cause: false
needs_remedy: false
needs_callback: false
description: |
  Question:
checklist:
  - Answer the same working day, or say when the answer will come
"#,
    },
    TemplateText {
        kind: "reprint",
        text: r#"kind: reprint
label: Quality problem / reprint
priority: normal
needs_contact: true
department: Production
description: |
  Defect (colour, trimming, binding, quantity …):

  Samples received: yes / no
checklist:
  - Get a sample or photo of the defect
  - Compare with the approved proof
  - Decide reprint, refund or discount with production
  - Promise the customer a delivery date for the reprint
"#,
    },
    TemplateText {
        kind: "delivery",
        text: r#"kind: delivery
label: Delivery / chasing an order
priority: normal
needs_contact: true
department: Logistics
description: |
  Order and promised delivery date:
checklist:
  - Check where the job is in production
  - Give the customer a firm delivery date
"#,
    },
    TemplateText {
        kind: "suggestion",
        text: r#"kind: suggestion
label: Suggestion
priority: low
department: Customer service
description: |
  Suggestion:
checklist:
  - Thank the customer
  - Pass the suggestion to the person responsible
"#,
    },
];

/// The simplified Chinese template set.
pub const TEMPLATES_ZH: &[TemplateText] = &[
    TemplateText {
        kind: "complaint",
        text: r#"kind: complaint
label: 投诉
priority: normal
needs_contact: true
department: 客服部
description: |
  客户反映的问题：

  客户的期望：
checklist:
  - 向客户致歉并核实情况
  - 告知客户答复时间
  - 对照工程单和签样核查投诉内容
  - 涉及赔偿的与客服主管商定处理方案
# 统一口径：每位坐席对客户的统一说法。
answer: 给您添麻烦了，非常抱歉。我们会对照工程单和签样核查，尽快回电告知处理方案和时间。
cause_answers:                # 查明原因后的统一口径
  customer: 经核对签样，问题出在客户提供的文件上；下次印刷前我们可以协助您修改文件。
  supplier: 问题出在供应商提供的材料上，由我们负责处理，并已向供应商反馈。
  carrier: 货物在运输途中受损，我们会补发受损部分，并向承运方索赔。
"#,
    },
    TemplateText {
        kind: "repair",
        text: r#"kind: repair
label: 维修
priority: normal
needs_contact: true
department: 工程部
description: |
  设备及故障现象：

  出现时间：
checklist:
  - 记录设备型号和序列号
  - 安排技术员并告知客户日期
  - 维修后与客户确认
"#,
    },
    TemplateText {
        kind: "onsite",
        text: r#"kind: onsite
label: 上门维护
priority: normal
needs_contact: true
department: 工程部
description: |
  地址及现场联系人：

  维护内容：
checklist:
  - 与客户约定上门日期
  - 按工单准备配件
  - 请客户在服务报告上签字
"#,
    },
    TemplateText {
        kind: "consult",
        text: r#"kind: consult
label: 咨询
priority: normal
department: 客服部
# 答复了就结束：不定责任方、不填处理方式、不回访，答复（resolve）即关闭。
needs_cause: false
needs_remedy: false
needs_callback: false
description: |
  咨询内容：
checklist:
  - 当天答复，或告知答复时间
"#,
    },
    TemplateText {
        kind: "reprint",
        text: r#"kind: reprint
label: 质量问题重印/退换
priority: normal
needs_contact: true
department: 生产部
description: |
  质量问题（色差、裁切、装订、数量……）：

  是否收到样品：是 / 否
checklist:
  - 取得问题样品或照片
  - 与签样核对
  - 与生产部确定重印、退款或折让
  - 向客户承诺重印交货日期
"#,
    },
    TemplateText {
        kind: "delivery",
        text: r#"kind: delivery
label: 交货/催货
priority: normal
needs_contact: true
department: 物流部
description: |
  订单及约定交货日期：
checklist:
  - 查询生产进度
  - 给客户明确的交货日期
"#,
    },
    TemplateText {
        kind: "suggestion",
        text: r#"kind: suggestion
label: 建议
priority: low
department: 客服部
description: |
  建议内容：
checklist:
  - 感谢客户
  - 转交相关负责人
"#,
    },
];
