import type { ReactNode } from "react";
import { Card, EmptyState, Table, TableEmpty, TBody, Th, THead } from "../ui";

/** A list page's table before it has rows: real column headers over an empty state. */
export function EmptyTableCard({
  label,
  columns,
  icon,
  title,
  description,
}: {
  label: string;
  columns: string[];
  icon: ReactNode;
  title: string;
  description: string;
}) {
  return (
    <Card className="overflow-hidden">
      <Table label={label}>
        <THead>
          <tr>
            {columns.map((column) => (
              <Th key={column}>{column}</Th>
            ))}
          </tr>
        </THead>
        <TBody>
          <TableEmpty colSpan={columns.length}>
            <EmptyState icon={icon} title={title} description={description} />
          </TableEmpty>
        </TBody>
      </Table>
    </Card>
  );
}
