package org.parledger.query.sheet;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Workbook;

/** What the workbooks this application writes share. */
final class Workbooks {
    private Workbooks() {
    }

    /** The style of a header row: bold. */
    static CellStyle header(Workbook workbook) {
        CellStyle bold = workbook.createCellStyle();
        Font font = workbook.createFont();
        font.setBold(true);
        bold.setFont(font);
        return bold;
    }
}
