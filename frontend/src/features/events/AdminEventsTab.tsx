import { DatePicker, Input, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { DataTable, type PageQuery } from '@/components/DataTable';
import { adminOperations, adminResourceTypes, eventsApi, type AdminEvent } from './api';
import { rangeMillis, when } from './time';

/** A realm's admin events, newest first: who changed what, through the admin API. */
export function AdminEventsTab({ realm }: { realm: string }) {
  const [operations, setOperations] = useState<string[]>([]);
  const [resourceTypes, setResourceTypes] = useState<string[]>([]);
  const [resourcePath, setResourcePath] = useState('');
  const [authUser, setAuthUser] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const { from, to } = rangeMillis(range);

  const loader = async ({ first, max }: PageQuery) => {
    const page = await eventsApi.adminEvents(realm, {
      operations,
      resourceTypes,
      resourcePath,
      authUserId: authUser,
      from,
      to,
      first,
      max,
    });
    return { items: page.items };
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label="Operations"
          mode="multiple"
          allowClear
          placeholder="Any operation"
          value={operations}
          onChange={setOperations}
          options={adminOperations.map((o) => ({ value: o, label: o }))}
          style={{ minWidth: 180 }}
        />
        <Select
          aria-label="Resource types"
          mode="multiple"
          allowClear
          placeholder="Any resource"
          value={resourceTypes}
          onChange={setResourceTypes}
          options={adminResourceTypes.map((t) => ({ value: t, label: t }))}
          style={{ minWidth: 200 }}
        />
        <Input.Search
          aria-label="Resource path"
          placeholder="Resource path, * as wildcard"
          allowClear
          onSearch={setResourcePath}
          style={{ width: 240 }}
        />
        <Input.Search
          aria-label="Admin user id"
          placeholder="Admin user id"
          allowClear
          onSearch={setAuthUser}
          style={{ width: 240 }}
        />
        <DatePicker.RangePicker
          aria-label="Time range"
          showTime
          allowEmpty={[true, true]}
          value={range}
          onChange={setRange}
        />
      </Space>
      <DataTable<AdminEvent>
        loader={loader}
        searchable={false}
        rowKey={(e) => e.id || `${e.time}-${e.resourcePath}`}
        deps={[realm, operations.join(','), resourceTypes.join(','), resourcePath, authUser, from, to]}
        emptyText="No admin events match. Keycloak records them only while admin events are on (Settings tab)."
        tableProps={{
          expandable: {
            rowExpandable: (e) => e.representation !== '',
            expandedRowRender: (e) => (
              <Typography.Paragraph code copyable>
                {e.representation}
              </Typography.Paragraph>
            ),
          },
        }}
        columns={[
          { title: 'Time', dataIndex: 'time', width: 190, render: when },
          {
            title: 'Operation',
            dataIndex: 'operation',
            render: (op: string, e) => (
              <Tag color={e.failed ? 'red' : op === 'DELETE' ? 'volcano' : undefined}>{op}</Tag>
            ),
          },
          { title: 'Resource', dataIndex: 'resourceType' },
          { title: 'Path', dataIndex: 'resourcePath' },
          { title: 'By user', dataIndex: 'authUserId' },
          { title: 'IP address', dataIndex: 'authIpAddress' },
          {
            title: 'Error',
            dataIndex: 'error',
            render: (err: string) => (err ? <Typography.Text type="danger">{err}</Typography.Text> : null),
          },
        ]}
      />
    </>
  );
}
