"""Reading a plan: files, encodings, documents (Word, Excel, web pages), the cells and what is wrong with them."""

ENGLISH: dict[str, str] = {
    # the file
    "no_such_file": "no such file; check the path and try again",
    "is_directory": "is a directory, not a plan file",
    "unreadable": "cannot be read ({reason})",
    "unknown_encoding": "unknown encoding {encoding!r}; try utf-8, utf-16 or gb18030",
    "nul_bytes": "is not a text file (it holds NUL bytes); export the plan as text",
    "nul_characters": "is not a text file (it holds NUL characters); export the plan as text",
    "undecodable": "bytes that are not valid {encoding} (0x{byte:02x}); save the file as UTF-8 or name its encoding "
                   "with --encoding",
    # the cells
    "no_task": "no task found: a task cell starts with its number, like “1.…”, and every cell ends with |; check that "
               "this is the plan table exported as text",
    "no_year": "cannot tell the plan's year from the file name or the text; name it with --year, e.g. --year 2022",
    "no_units": "task {number} has no units cell after it (the cell after a task names the units responsible); add it "
                "and import again",
    "task_twice": "task {number} appears twice (first at line {first}); give each task its own number",
    "skipped_one_before_table": "skipped 1 cell before the table (a title or metadata): {excerpt}",
    "skipped_before_table": "skipped {count} cells before the table (a title or metadata): {excerpt}",
    "number_without_text": "ignored task number {number}: no task text follows it",
    "stray_cell": "ignored a cell that is neither a section heading nor a task: {excerpt}",
    "cell_after_last_column": "ignored a cell after the last column: {excerpt}",
    "section_again": "section {number} comes again after section {current}",
    "section_retitled": "section {number} appears again with another title: {excerpt}",
    "sections_out_of_order": "sections out of order: section {number} comes after section {current}",
    "sections_same_title": "sections {other} and {number} have the same title {excerpt}",
    "task_out_of_order": "task {number} comes after task {previous}",
    "numbering_gap": "task numbering jumps from {previous} to {number}",
    "dropped_term": "a space inside Chinese text may mark a dropped term: {excerpt}",
    "heading_without_tasks": "no task follows the heading {excerpt}; if it is a task, give it its number and units",
    "task_without_units": "task {number} names no units (no units cell, and none in brackets in its text); add "
                          "them to the file, or import as it is and add them later",
    "deadlines_from_text": "the deadlines of {count} tasks were read from their text (they have no deadline "
                           "cell): {numbers}",
    "deadline_from_column": "task {number}: the deadline {excerpt} was read from the {column} column (the table has no "
                            "deadline column)",
    "unreadable_deadline": "task {number}: cannot read the deadline {excerpt}; it is kept as written, with no due date",
    "year_from_option": "from --year",
    "year_from_file_name": "from the file name",
    "year_from_title": "from “{year}年” in the title before the table at line {line}",
    "year_from_text": "from “{year}年” in the plan text at line {line}",
    # documents: Word, Excel, web pages
    "place_in_table": "table {table}, row {row}, column {column}",
    "place_paragraph": "paragraph {paragraph}",
    "task_twice_at": "task {number} appears twice (first at {first}); give each task its own number",
    "year_from_title_at": "from “{year}年” in the title before the table, at {line}",
    "year_from_text_at": "from “{year}年” in the plan text at {line}",
    "warning_place": "  {place}: {message}",
    "skipped_table": "skipped table {table}: it has no task and units columns ({excerpt})",
    "no_task_table": "no task table found ({count} tables, none with a task and a units column)",
    "pdf_without_text": "a PDF without text (a scan: its pages are images); open the original Word or Excel file, "
                        "or have the scan recognised (OCR) and saved as .docx",
    "old_word_file": "a Word 97-2003/WPS file; save it as .docx (另存为 → Word 文档) or install LibreOffice "
                     "(Debian/Ubuntu package libreoffice-writer-nogui)",
    "old_excel_file": "an Excel 97-2003/WPS spreadsheet; save it as .xlsx (另存为 → Excel 工作簿) or install LibreOffice "
                      "(Debian/Ubuntu package libreoffice-calc-nogui)",
    "conversion_failed": "LibreOffice could not convert it ({reason}); save it as .{target} by hand",
    "conversion_timeout": "no answer after {seconds} seconds",
    "damaged_document": "a damaged {kind} file: {reason}; open it in Word or WPS and save it again",
    "not_this_kind": "is named {suffix} but is not a {kind} file: {wrong}; it may be damaged or another kind of file "
                     "renamed; open it in Word or WPS and save it again",
    "wrong_not_zip": "every {kind} file is a zip archive, and this one is not",
    "wrong_not_ole2": "every {kind} file starts with the OLE2 signature, and this one does not",
    "wrong_not_pdf": "every PDF starts with %PDF-, and this one does not",
    "broken_zip": "its zip archive is broken ({reason})",
    "not_word_or_excel": "a zip file that is neither a Word (.docx) nor an Excel (.xlsx) file; save the plan as .docx "
                         "or .xlsx",
    "no_such_sheet": "has no sheet named {sheet!r}; its sheets: {sheets}",
    "bad_column_option": "--column {value!r}: write TITLE=ROLE, ROLE one of {roles}",
    "second_text_cell": "ignored a second text cell in the row: {excerpt}",
}

CHINESE: dict[str, str] = {
    # the file
    "no_such_file": "找不到这个文件，请检查路径后重试",
    "is_directory": "是一个文件夹，不是计划文件",
    "unreadable": "无法读取（{reason}）",
    "unknown_encoding": "不认识的编码 {encoding!r}；可以试试 utf-8、utf-16 或 gb18030",
    "nul_bytes": "不是文本文件（含有 NUL 字节）；请把计划另存为文本",
    "nul_characters": "不是文本文件（含有 NUL 字符）；请把计划另存为文本",
    "undecodable": "含有不符合 {encoding} 编码的字节（0x{byte:02x}）；请把文件另存为 UTF-8，或用 --encoding 指明编码",
    # the cells
    "no_task": "没有找到任务：任务单元格以序号开头（如“1.…”），每个单元格以 | 结尾；请确认这是导出为文本的计划表格",
    "no_year": "从文件名和内容都看不出计划年度；请用 --year 指明，例如 --year 2022",
    "no_units": "任务 {number} 后面没有责任单位单元格（任务后面的单元格写明责任单位）；请补上后重新导入",
    "task_twice": "任务 {number} 出现了两次（第一次在第 {first} 行）；请给每项任务一个单独的序号",
    "skipped_one_before_table": "跳过了表格前的 1 个单元格（标题或说明）：{excerpt}",
    "skipped_before_table": "跳过了表格前的 {count} 个单元格（标题或说明）：{excerpt}",
    "number_without_text": "忽略了任务序号 {number}：后面没有任务内容",
    "stray_cell": "忽略了一个既不是部分标题也不是任务的单元格：{excerpt}",
    "cell_after_last_column": "忽略了最后一列之后的单元格：{excerpt}",
    "section_again": "第 {number} 部分在第 {current} 部分之后再次出现",
    "section_retitled": "第 {number} 部分再次出现，但标题不同：{excerpt}",
    "sections_out_of_order": "部分顺序不对：第 {number} 部分排在第 {current} 部分之后",
    "sections_same_title": "第 {other} 部分和第 {number} 部分标题相同：{excerpt}",
    "task_out_of_order": "任务 {number} 排在任务 {previous} 之后",
    "numbering_gap": "任务序号从 {previous} 跳到了 {number}",
    "dropped_term": "中文里的空格可能表示漏了词语：{excerpt}",
    "heading_without_tasks": "标题 {excerpt} 下面没有任务；如果它是一项任务，请补上序号和责任单位",
    "task_without_units": "任务 {number} 没有写明责任单位（没有责任单位单元格，正文括号中也没有）；请在文件中补上，或先导入以后再补",
    "deadlines_from_text": "{count} 项任务的完成时限取自任务正文（没有完成时限单元格）：{numbers}",
    "deadline_from_column": "任务 {number}：完成时限 {excerpt} 取自“{column}”列（表格没有完成时限列）",
    "unreadable_deadline": "任务 {number}：无法识别完成时限 {excerpt}；按原文保留，不设截止日期",
    "year_from_option": "来自 --year",
    "year_from_file_name": "来自文件名",
    "year_from_title": "来自表格前第 {line} 行标题中的“{year}年”",
    "year_from_text": "来自计划第 {line} 行中的“{year}年”",
    # documents: Word, Excel, web pages
    "place_in_table": "表{table}第{row}行第{column}列",
    "place_paragraph": "第{paragraph}段",
    "task_twice_at": "任务 {number} 出现了两次（第一次在{first}）；请给每项任务一个自己的序号",
    "year_from_title_at": "取自表格前标题中的“{year}年”（{line}）",
    "year_from_text_at": "取自计划正文中的“{year}年”（{line}）",
    "warning_place": "  {place}：{message}",
    "skipped_table": "跳过表{table}：没有任务列和责任单位列（{excerpt}）",
    "no_task_table": "找不到任务表（共 {count} 个表格，没有一个同时有任务列和责任单位列）",
    "pdf_without_text": "这是没有文字的 PDF（扫描件：每页都是图片）；请使用原始的 Word 或 Excel 文件，或先做文字识别（OCR）并另存为 .docx",
    "old_word_file": "这是 Word 97-2003/WPS 文件；请另存为 .docx（另存为 → Word 文档），或安装 LibreOffice"
                     "（Debian/Ubuntu 软件包 libreoffice-writer-nogui）",
    "old_excel_file": "这是 Excel 97-2003/WPS 表格；请另存为 .xlsx（另存为 → Excel 工作簿），或安装 LibreOffice"
                      "（Debian/Ubuntu 软件包 libreoffice-calc-nogui）",
    "conversion_failed": "LibreOffice 无法转换此文件（{reason}）；请手动另存为 .{target}",
    "conversion_timeout": "{seconds} 秒内没有完成",
    "damaged_document": "{kind} 文件已损坏：{reason}；请用 Word 或 WPS 打开后重新保存",
    "not_this_kind": "文件名是 {suffix}，但不是 {kind} 文件：{wrong}；文件可能已损坏，或是其他文件改了扩展名；请用 Word 或 WPS "
                     "打开后重新保存",
    "wrong_not_zip": "{kind} 文件是 zip 压缩包，而此文件不是",
    "wrong_not_ole2": "{kind} 文件以 OLE2 标志开头，而此文件不是",
    "wrong_not_pdf": "PDF 文件以 %PDF- 开头，而此文件不是",
    "broken_zip": "其中的 zip 压缩包已损坏（{reason}）",
    "not_word_or_excel": "这是一个压缩文件，但既不是 Word（.docx）也不是 Excel（.xlsx）；请把计划另存为 .docx 或 .xlsx",
    "no_such_sheet": "没有名为 {sheet!r} 的工作表；现有工作表：{sheets}",
    "bad_column_option": "--column {value!r}：应写成 标题=用途，用途为 {roles} 之一",
    "second_text_cell": "忽略了同一行中的第二个任务内容单元格：{excerpt}",
}
