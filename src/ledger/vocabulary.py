"""The words the ledger reads in plans, as data in one place, and the one normalisation every phrase goes through.

Header titles, unit labels and role verbs, deadline phrases, and the traditional characters read as simplified:
the builder, the units and deadline parsers and the column matcher all take their words from here, so a word
added here is read everywhere. `normal_form` is the only way a phrase is normalised before it is compared
(a traditional deadline like 季後10日內 and its simplified form are the same phrase for every reader).
"""
from __future__ import annotations

import functools
import re
import unicodedata

from .model import Role

# Traditional characters and their simplified forms, as pairs: a plan from Hong Kong, Macao or Taiwan, or one
# half-converted, is read like the simplified one. Only one-to-one pairs (乾, 著 … are left alone).
_PAIRS = (
    "萬万與与專专業业叢丛東东絲丝兩两嚴严喪丧個个豐丰臨临為为麗丽舉举義义烏乌樂乐喬乔習习鄉乡書书買买亂乱爭争於于虧亏雲云亞亚產产畝亩親亲億亿僅仅從从倉仓儀仪們们價价眾众優优夥伙會会傘伞偉伟傳传傷伤倫伦偽伪"
    "體体餘余傭佣係系俠侠侶侣偵侦側侧僑侨儂侬儉俭債债傾倾償偿儲储兒儿兌兑黨党蘭兰關关興兴養养獸兽內内岡冈冊册寫写軍军農农馮冯衝冲決决況况凍冻淨净準准涼凉減减湊凑幾几鳳凤憑凭凱凯擊击劃划劉刘則则剛刚創创刪删"
    "別别劑剂劍剑剝剥劇剧勸劝辦办務务勵励勁劲勞劳勢势勛勋勻匀匱匮區区醫医華华協协單单賣卖盧卢滷卤臥卧衛卫卻却廠厂廳厅曆历歷历厲厉壓压厭厌廁厕廂厢廈厦廚厨縣县參参雙双發发變变敘叙疊叠葉叶號号嘆叹籲吁後后嚇吓"
    "呂吕嗎吗噸吨聽听啟启吳吴員员詠咏諮咨響响啞哑喚唤噴喷團团園园圍围國国圖图圓圆聖圣場场壞坏塊块堅坚壇坛壩坝墳坟墜坠壟垄壘垒墾垦墊垫塹堑墮堕牆墙壯壮聲声殼壳壺壶處处備备復复夠够頭头誇夸夾夹奪夺奮奋獎奖奧奥"
    "妝妆婦妇媽妈婁娄嬌娇娛娱嬰婴孫孙學学寧宁寶宝實实寵宠審审憲宪宮宫寬宽賓宾寢寝對对尋寻導导壽寿將将爾尔塵尘嘗尝堯尧盡尽層层屬属屢屡嶼屿歲岁豈岂崗岗島岛嶺岭峽峡巒峦鞏巩幣币帥帅師师帳帐簾帘幟帜帶带幫帮幹干"
    "並并併并廣广莊庄慶庆廬庐庫库應应廟庙龐庞廢废開开異异棄弃張张彌弥彎弯彈弹強强歸归當当錄录彙汇徹彻徑径憶忆憂忧懷怀態态總总戀恋懇恳惡恶惱恼悅悦懸悬憫悯驚惊懼惧慘惨懲惩憊惫慚惭慣惯憤愤願愿懶懒戲戏戰战戶户"
    "撲扑執执擴扩掃扫揚扬擾扰撫抚拋抛搶抢護护報报擔担擬拟攏拢揀拣擁拥攔拦擰拧撥拨擇择掛挂摯挚撓挠擋挡掙挣擠挤揮挥撈捞損损撿捡換换搗捣據据擄掳擲掷攬揽擱搁摟搂攪搅攜携攝摄擺摆搖摇攤摊撐撑敵敌斂敛數数齋斋鬥斗"
    "斬斩斷断無无舊旧時时曠旷晝昼顯显晉晋曬晒曉晓暈晕暉晖暫暂術术樸朴機机殺杀雜杂權权條条來来楊杨傑杰極极構构樞枢棗枣槍枪楓枫櫃柜檸柠柵栅標标棧栈棟栋欄栏樹树棲栖樣样楨桢檔档橋桥樺桦樁桩夢梦檢检樓楼欖榄橫横"
    "櫻樱歡欢歐欧殲歼殘残毆殴毀毁畢毕斃毙氣气匯汇漢汉湯汤洶汹溝沟沒没瀝沥淪沦滄沧滬沪濘泞淚泪瀘泸瀉泻潑泼澤泽涇泾潔洁灑洒窪洼淺浅漿浆澆浇濁浊測测濟济瀏浏渾浑滸浒濃浓濤涛澇涝漣涟渦涡渙涣滌涤潤润澗涧漲涨澀涩"
    "澱淀淵渊漬渍瀆渎漸渐漁渔滲渗溫温遊游灣湾濕湿潰溃濺溅滯滞滿满濾滤濫滥濱滨灘滩瀟潇潛潜瀾澜瀕濒滅灭燈灯靈灵災灾燦灿爐炉點点煉炼熾炽爍烁爛烂燭烛煙烟煩烦燒烧燙烫熱热煥焕愛爱爺爷牽牵犧牺狀状猶犹狹狭獅狮獨独"
    "獄狱獻献豬猪貓猫環环現现瑣琐瓊琼電电畫画暢畅療疗瘡疮瘋疯癥症癢痒癱瘫皺皱盞盏鹽盐監监蓋盖盜盗盤盘矚瞩瞞瞒礦矿碼码磚砖礎础碩硕確确礙碍禮礼禍祸祿禄禪禅離离禿秃稈秆種种積积稱称穢秽穩稳穀谷窮穷竊窃竅窍窯窑"
    "竄窜窩窝竇窦豎竖競竞筆笔箋笺籠笼築筑篤笃篩筛簽签簡简籌筹籃篮籬篱粵粤糞粪糧粮緊紧糾纠紀纪約约紅红緯纬純纯紗纱納纳縱纵綸纶紛纷紙纸紋纹紡纺紐纽線线練练組组紳绅細细織织終终絆绊紹绍繹绎經经綁绑絨绒結结繞绕"
    "繪绘給给絢绚絡络絕绝絞绞統统絹绢繡绣綏绥繼继績绩緒绪綾绫續续綺绮緋绯綽绰繩绳維维綿绵綬绶繃绷綢绸綜综綻绽綠绿綴缀緬缅纜缆緝缉緞缎緩缓締缔縷缕編编緣缘縛缚縫缝纏缠縮缩繚缭繕缮繳缴網网羅罗罰罚罷罢羈羁翹翘"
    "恥耻聶聂職职聯联聰聪肅肃腸肠膚肤腎肾腫肿脹胀脅胁膽胆勝胜朧胧脛胫膠胶脈脉臍脐腦脑膿脓腳脚脫脱臉脸臘腊膩腻騰腾艙舱艱艰艷艳藝艺節节蕪芜蘆芦葦苇蒼苍蘇苏蘋苹莖茎荊荆薦荐莢荚蕎荞薈荟蕩荡榮荣葷荤熒荧蔭荫藥药"
    "蓮莲萊莱鶯莺營营蕭萧薩萨蔥葱蔣蒋藍蓝薊蓟蘊蕴虜虏慮虑蟲虫蝦虾雖虽螞蚂蠶蚕蟻蚁蠻蛮蝸蜗蠟蜡蠅蝇蟬蝉銜衔補补襯衬襖袄襪袜襲袭裝装褲裤見见觀观規规覓觅視视覽览覺觉觸触計计訂订認认譏讥討讨讓让訓训議议訊讯記记"
    "講讲諱讳詎讵訝讶許许訛讹論论訟讼諷讽設设訪访訣诀證证評评詛诅識识詐诈訴诉診诊詞词詔诏譯译試试詩诗詰诘誠诚誅诛話话誕诞詮诠詭诡詢询詣诣該该詳详詫诧誡诫誣诬語语誤误誥诰誘诱誨诲說说誦诵請请諸诸諾诺讀读課课"
    "誰谁調调諒谅諄谆談谈誼谊謀谋諜谍謊谎諫谏諧谐謁谒謂谓諭谕諺谚諦谛謎谜謝谢謠谣謙谦謹谨謬谬譚谭譜谱譴谴貝贝貞贞負负貢贡財财責责賢贤敗败賬账貨货質质販贩貪贪貧贫貶贬購购貯贮貫贯貳贰賤贱貼贴貴贵貸贷貿贸費费"
    "賀贺賊贼賈贾賄贿賃赁賂赂贓赃資资賑赈賦赋賭赌贖赎賞赏賜赐賠赔賴赖贅赘賺赚賽赛贊赞贈赠贍赡贏赢贛赣趙赵趕赶趨趋躍跃踐践蹤踪軀躯車车軋轧軌轨軒轩轉转輪轮軟软轟轰軸轴輕轻載载轎轿較较輔辅輛辆輩辈輝辉輯辑輸输"
    "轄辖輾辗轍辙辭辞辯辩邊边遼辽達达遷迁過过邁迈運运還还這这進进遠远違违連连遲迟跡迹適适選选遜逊遞递邏逻遺遗遙遥鄧邓郵邮鄒邹鄰邻鬱郁鄭郑醞酝醬酱釀酿釋释裏里裡里鑒鉴針针釘钉釣钓鈣钙鈍钝鈔钞鍾钟鈉钠鋼钢鑰钥"
    "欽钦鈞钧鉤钩鈕钮錢钱鉗钳鑽钻鐵铁鈴铃鉛铅鉚铆鐸铎銅铜鋁铝鎧铠鍘铡銑铣銘铭鏟铲銀银鑄铸鋪铺鏈链銷销鎖锁鋤锄鍋锅鏽锈銳锐錯错錨锚錫锡鑼锣錘锤錐锥錦锦鍵键鋸锯鍬锹鍛锻鍍镀鎂镁鎮镇鎊镑鏡镜鐘钟鐮镰鑲镶長长門门"
    "閃闪閉闭問问闖闯閏闰閑闲間间悶闷閘闸鬧闹閨闺聞闻閩闽閥阀閣阁閡阂閱阅闡阐闊阔闢辟隊队陽阳陰阴陣阵階阶際际陸陆隴陇陳陈陝陕隕陨險险隨随隱隐隸隶難难雛雏霧雾黴霉靜静韋韦韌韧韓韩韻韵頁页頂顶頃顷項项順顺須须"
    "頑顽顧顾頓顿頒颁頌颂預预顱颅領领頗颇頸颈頰颊頻频穎颖顆颗題题額额顏颜顛颠類类顫颤風风飄飘飛飞饑饥飯饭飲饮飾饰飽饱飼饲餅饼餓饿餃饺館馆饅馒饋馈馬马馭驭馳驰馴驯駁驳驢驴駛驶駐驻駝驼駕驾驛驿駱骆駭骇駿骏騁骋"
    "驗验騎骑騙骗騷骚驟骤驅驱髏髅鬢鬓魚鱼鮮鲜鯨鲸鳥鸟鳴鸣鴨鸭鴻鸿鵝鹅鶴鹤鷹鹰鹵卤麥麦黃黄齊齐齒齿齡龄龍龙龔龚龜龟範范製制徵征醜丑獲获穫获臺台檯台颱台鬆松鬍胡麵面髮发纖纤蔔卜佈布佔占週周鍊炼儘尽嚮向誌志註注"
    "祕秘彥彦鎔熔鑑鉴"
)


@functools.cache
def _to_simplified() -> dict[int, int]:
    """The translation table, made on first use: commands that read no plan never pay for it."""
    return str.maketrans(_PAIRS[0::2], _PAIRS[1::2])


def simplified(text: str) -> str:
    """Traditional characters read as simplified, one for one (the length never changes)."""
    return text.translate(_to_simplified())


@functools.lru_cache(maxsize=8192)  # plans repeat the same phrases (长期, 12月30日, 办公室牵头) many times
def normal_form(text: str) -> str:
    """A phrase as the ledger compares it: full-width forms as half-width (NFKC), traditional characters as
    simplified, no whitespace, no closing full stop. Stored text keeps what was written."""
    return simplified("".join(unicodedata.normalize("NFKC", text).split())).rstrip("。.")


ALNUM = re.compile(r"[A-Za-z0-9]")


def join_lines(chunk: str) -> str:
    """A cell's text without its line breaks (SPEC §2): Chinese needs no space; two Latin letters or digits keep
    one between them."""
    if "\n" not in chunk:
        return chunk.strip()
    pieces = [piece.strip() for piece in chunk.split("\n")]
    joined = pieces[0]
    for piece in pieces[1:]:
        if not piece:
            continue
        if joined and ALNUM.match(joined[-1]) and ALNUM.match(piece[0]):
            joined += " "
        joined += piece
    return joined


# Deadline phrases (SPEC §3). Dates are read by patterns in deadlines.py; these are the words.
ONGOING = frozenset({"长期", "长期坚持", "长期推进", "持续推进", "持续开展", "常态化", "及时", "随时", "长期开展",
                     "常年", "全年持续", "持续"})
RECURRING = {  # SPEC §10: how often a duty falls due
    "month": frozenset({"每月", "按月", "每月底", "每月末", "逐月"}),
    "quarter": frozenset({"每季度", "按季度", "每季", "每季度末", "每季末", "按季"}),
    "half": frozenset({"每半年", "半年", "按半年"}),
    "year": frozenset({"每年", "按年", "每年度"}),
}
# Words after a date that say what happens by then (5月底前动工, 9月投入使用): the date is the deadline.
DEADLINE_ACTIONS = ("完成", "前完成", "办结", "实现", "启动", "动工", "开工", "建成", "投入使用", "投用", "上线", "运行",
                    "出台", "印发", "发布", "公开", "部署", "落实", "推开", "完工", "竣工", "验收", "到位", "结束")

# Units and roles (SPEC §4): the verb after a list of names gives their role; the longest verb wins.
ROLE_VERBS = {
    Role.LEAD: ("牵头", "统筹", "负责", "主责", "牵头负责", "牵头落实", "主办", "牵头办理"),
    Role.IMPLEMENT: ("落实", "具体落实", "负责落实", "具体负责", "承办", "按职责分工落实", "按职责分工负责", "按职责负责",
                     "按职责落实", "分工负责", "组织实施", "实施"),
    Role.ASSIST: ("配合", "做好配合", "配合落实", "协助", "参与", "协同", "协办", "共同推进", "配合做好"),
    Role.GUIDE: ("指导", "提供指导", "督促指导"),
}
# A label before names (责任单位：A、B). None: the role of the column or of the verb after the names.
UNIT_LABELS = {
    **dict.fromkeys(("责任单位", "责任科室", "责任部门", "责任处室", "负责单位", "负责科室", "负责部门", "承办单位",
                     "落实单位", "实施单位", "责任主体"), None),
    **dict.fromkeys(("牵头单位", "牵头部门", "牵头科室", "牵头处室", "牵头责任单位", "主办单位", "牵头责任部门"), Role.LEAD),
    **dict.fromkeys(("配合单位", "配合部门", "配合科室", "协办单位", "参与单位", "协同单位", "协同责任单位",
                     "配合责任单位", "协同部门", "协助单位"), Role.ASSIST),
}
# Labels of people, not units (牵头负责领导：某某): kept as data, never read as a unit.
PEOPLE_LABELS = ("牵头负责领导", "责任领导", "分管领导", "牵头领导", "负责领导", "分管负责人", "责任人", "联系人",
                 "负责人")
# How a unit's name ends: a cell of such names reads as a units cell.
UNIT_ENDINGS = ("科", "室", "处", "局", "中心", "办", "委", "组", "会", "队", "站", "所", "院", "部", "厅", "政府", "单位",
                "部门", ")", "）", "党委", "公司", "馆", "街道", "集团", "银行", "社")

# Column titles (SPEC §8): matched after normal_form. The role of a title not listed is found by its words.
COLUMN_TITLES = {
    "section": ("工作任务", "重点任务", "重点工作", "主要任务", "任务类别", "任务", "目标", "项目", "民生实事",
                "工作类别", "类别", "主要工作任务", "重点领域", "工作项目", "任务名称", "项目名称", "主要工作"),
    "text": ("具体措施", "目标任务", "工作措施", "措施", "具体要求", "工作要求", "工作内容", "任务内容", "主要内容", "细化分工",
             "任务事项", "具体任务", "工作事项", "具体工作", "主要措施", "具体内容", "实施内容", "建设内容",
             "具体工作措施", "工作举措", "主要举措", "举措", "重点工作任务"),
    "number": ("序号", "编号"),
    "units": tuple(label for label, role in UNIT_LABELS.items() if role is None),
    "lead": tuple(label for label, role in UNIT_LABELS.items() if role is Role.LEAD),
    "assist": tuple(label for label, role in UNIT_LABELS.items() if role is Role.ASSIST),
    "deadline": ("完成时限", "时限要求", "完成时间", "时限", "时间节点", "时间安排", "办结时限", "完成期限", "时间要求",
                 "进度安排", "完成时间节点"),
    "keep": ("备注", "完成情况", "进展情况", "完成标准", "工作目标", "推进情况", "落实情况", "工作进展", "进度",
             "说明") + PEOPLE_LABELS,
}
# The words that give an unknown title its role, checked in order: a progress column is kept whatever else it says
# (第二季度完成情况), people are kept, then the unit columns by their words.
TITLE_WORDS = (
    (("情况", "进展", "进度", "备注", "说明", "成效", "记录", "评价", "日期") + PEOPLE_LABELS + ("领导",), "keep"),
    (("牵头", "主办"), "lead"),
    (("配合", "协同", "协办", "参与", "协助"), "assist"),
    (("单位", "部门", "科室", "处室"), "units"),
    (("时限", "期限", "时间节点"), "deadline"),
)
