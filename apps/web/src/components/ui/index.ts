export { Badge, type BadgeTone } from "./badge";
export { Button, buttonClasses, Spinner, type ButtonProps } from "./button";
export { Card, CardBody, CardHeader } from "./card";
export { Dialog } from "./dialog";
export { EmptyState } from "./empty-state";
export { Field, Input } from "./input";
export { Table, TableEmpty, TBody, Td, Th, THead, Tr } from "./table";
export { Labeled, Notice, Select, Switch, Textarea } from "./form";
export { TabPanel, Tabs } from "./tabs";
