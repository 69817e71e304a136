import ExcelJS from 'exceljs';
import { type CapacityRow, capacityColumns } from '@cordee/core';

/** The capacity spreadsheet as an xlsx workbook: one sheet « Places », headers identical to the model, one row per place. */
export async function capacityWorkbook(rows: CapacityRow[], createdAt: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Cordée';
  workbook.created = createdAt;
  workbook.modified = createdAt;
  const sheet = workbook.addWorksheet('Places', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = capacityColumns.map((header, i) => ({ header, key: `c${i}`, width: Math.max(12, Math.min(40, header.length + 4)) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: capacityColumns.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
