//! The people and words of the demo shop, in the desk's language: a Chinese desk's shop
//! has Chinese staff, customers and titles; an English desk's, English ones. Demo data
//! only: the people, companies and jobs are invented.

use crate::i18n::Lang;

/// A member of the demo shop's staff: id, name, role (a ladder level).
pub type Member = (&'static str, &'static str, &'static str);

/// What the demo shop says in one language.
pub struct Shop {
    pub staff: &'static [Member],
    pub customers: &'static [(&'static str, &'static str)],
    /// Titles by kind; a shop's own kind takes `other`.
    titles: &'static [(&'static str, &'static [&'static str])],
    other: &'static [&'static str],
    pub notes: &'static [&'static str],
    pub waiting: &'static str,
    pub sample_came: &'static str,
    pub slow: &'static str,
    pub summary: &'static str,
    pub no_callback: &'static str,
    pub unanswered: &'static str,
    pub called_back: &'static str,
    /// The department a complaint is passed to when no template names one.
    pub production: &'static str,
    pub redo: &'static str,
}

impl Shop {
    /// The shop of a language.
    pub fn of(lang: Lang) -> &'static Shop {
        match lang {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    /// The titles a ticket of `kind` may have.
    pub fn titles(&self, kind: &str) -> &'static [&'static str] {
        self.titles
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(self.other, |(_, t)| t)
    }

    /// The ids of the staff at the first level, who take the calls.
    pub fn agents(&self) -> Vec<&'static str> {
        self.staff
            .iter()
            .filter(|(_, _, role)| *role == "agent")
            .map(|(id, _, _)| *id)
            .collect()
    }
}

static ZH: Shop = Shop {
    staff: &[
        ("lina", "李娜", "agent"),
        ("wangfang", "王芳", "agent"),
        ("liuyang", "刘洋", "agent"),
        ("zhou", "周强", "supervisor"),
        ("chen", "陈总", "manager"),
    ],
    customers: &[
        ("王建国", "蓝海广告有限公司"),
        ("李秀英", "青禾教育培训中心"),
        ("张伟", "鼎盛地产"),
        ("刘芳", "花间婚庆工作室"),
        ("陈静", "南山区第二实验小学"),
        ("赵磊", "优品电商"),
        ("周婷", "悦己美容会所"),
        ("孙强", "华彩食品有限公司"),
        ("黄丽", "小熊绘本馆"),
        ("吴敏", "城市画报社"),
        ("郑海涛", "海涛装饰工程"),
        ("马晓燕", "晓燕烘焙坊"),
        ("林志刚", "志刚物流"),
        ("何静怡", "静怡口腔诊所"),
        ("高鹏", "鹏程健身俱乐部"),
    ],
    titles: &[
        (
            "complaint",
            &[
                "画册封面色差严重，与签样不符",
                "名片裁切歪斜，边距不一致",
                "宣传单数量少了500张",
                "台历装订线脱落",
                "包装盒压痕开裂",
                "菜单覆膜起泡",
                "海报出现白点",
                "请柬用错了纸张",
            ],
        ),
        (
            "reprint",
            &[
                "名片上的错字要重印",
                "画册页码顺序错乱，要求重印",
                "不干胶标签粘性不足，要求退换",
                "手提袋提绳脱落，要求换货",
            ],
        ),
        (
            "delivery",
            &[
                "3000张传单什么时候到？",
                "展会物料明天要用，还没收到",
                "校刊交货延期，催货",
                "礼盒包装交货时间确认",
            ],
        ),
        (
            "consult",
            &[
                "咨询特种纸价格和交期",
                "能否做烫金工艺？",
                "大幅海报需要什么文件格式？",
                "咨询环保大豆油墨",
            ],
        ),
        (
            "repair",
            &["数码印刷机卡纸报修", "覆膜机温度不稳定", "装订机打孔偏位"],
        ),
        (
            "onsite",
            &["商场吊旗更换", "新分店橱窗贴画安装", "展架上门安装"],
        ),
        (
            "suggestion",
            &[
                "建议增加线上打样确认",
                "希望提供加急配送",
                "建议发货时短信通知",
            ],
        ),
    ],
    other: &["客户来电反映问题"],
    notes: &[
        "已致电客户说明处理进度",
        "已核对工程单",
        "客户同意处理方案",
        "已联系制版厂",
        "已发图片给客户确认",
    ],
    waiting: "等客户寄回样品",
    sample_came: "样品已收到",
    slow: "未按时解决",
    summary: "已按方案处理完毕",
    no_callback: "客户表示不需要回访",
    unanswered: "无人接听",
    called_back: "回访完成",
    production: "生产部",
    redo: "补偿方案需主管确认",
};

static EN: Shop = Shop {
    staff: &[
        ("amy", "Amy Wu", "agent"),
        ("tom", "Tom Baker", "agent"),
        ("lina", "Lina Park", "agent"),
        ("zhou", "Grace Zhou", "supervisor"),
        ("chen", "David Chen", "manager"),
    ],
    customers: &[
        ("Sarah Miller", "Harbor Coffee Roasters"),
        ("James Brown", "Brown & Partners Law"),
        ("Oliver Smith", "Lighthouse English School"),
        ("Emma Davis", "Davis Dental Clinic"),
        ("Liam Wilson", "Northside Gym"),
        ("Grace Taylor", "Taylor Florists"),
        ("Noah Clark", "Clark Estate Agents"),
        ("Mia Lewis", "Little Bear Bookshop"),
        ("Ethan Walker", "Walker Print Brokers"),
        ("Chloe Hall", "Hall Wedding Studio"),
        ("Lucas Young", "Young & Co Bakery"),
        ("Ava King", "Kingsway Primary School"),
    ],
    titles: &[
        (
            "complaint",
            &[
                "Brochure colours darker than the proof",
                "Business cards cut crooked",
                "500 flyers short",
                "Calendar binding came loose",
                "Box creases cracking",
                "Menu lamination bubbling",
                "White specks on the posters",
                "Invitations on the wrong paper",
            ],
        ),
        (
            "reprint",
            &[
                "Corrected typo printed again on business cards",
                "Catalogue pages in the wrong order",
                "Labels not sticking, want them replaced",
                "Bag handles came off, want new bags",
            ],
        ),
        (
            "delivery",
            &[
                "Where is our order of 3000 flyers?",
                "Trade show material needed tomorrow",
                "School magazine late",
                "When will the gift boxes be ready?",
            ],
        ),
        (
            "consult",
            &[
                "Price and lead time of speciality paper",
                "Can you do gold foil?",
                "Which file format for a large poster?",
                "Do you use soy-based inks?",
            ],
        ),
        (
            "repair",
            &[
                "Digital press keeps jamming",
                "Laminator temperature unsteady",
                "Binder punches off centre",
            ],
        ),
        (
            "onsite",
            &[
                "Replace the mall banners",
                "Window graphics for the new branch",
                "Set up the display stands",
            ],
        ),
        (
            "suggestion",
            &[
                "Please add online proof approval",
                "Offer express delivery",
                "Text us when the order ships",
            ],
        ),
    ],
    other: &["Customer called about a problem"],
    notes: &[
        "Called the customer with an update",
        "Checked the job ticket",
        "Customer agreed to the plan",
        "Asked the plate maker",
        "Sent the customer photos to confirm",
    ],
    waiting: "waiting for the customer's sample",
    sample_came: "sample received",
    slow: "not resolved in time",
    summary: "done as agreed",
    no_callback: "customer asked for no callback",
    unanswered: "no answer",
    called_back: "callback done",
    production: "Production",
    redo: "the supervisor must confirm the compensation",
};
