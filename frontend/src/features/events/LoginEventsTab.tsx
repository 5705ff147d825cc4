import { DatePicker, Input, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { DataTable, type PageQuery } from '@/components/DataTable';
import { commonEventTypes, eventsApi, type LoginEvent } from './api';
import { rangeMillis, when } from './time';

export interface LoginEventsTabProps {
  realm: string;
  /** A user id to filter by from the start (from a user's page). */
  initialUser?: string;
}

/** A realm's login events, newest first, with Keycloak's filters and paging; failures in red. */
export function LoginEventsTab({ realm, initialUser = '' }: LoginEventsTabProps) {
  const [user, setUser] = useState(initialUser);
  const [client, setClient] = useState('');
  const [ip, setIp] = useState('');
  const [types, setTypes] = useState<string[]>([]);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const { from, to } = rangeMillis(range);

  const loader = async ({ first, max }: PageQuery) => {
    const page = await eventsApi.loginEvents(realm, {
      userId: user,
      clientId: client,
      ipAddress: ip,
      types,
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
        <Input.Search
          aria-label="User id"
          placeholder="User id"
          allowClear
          defaultValue={initialUser}
          onSearch={setUser}
          style={{ width: 300 }}
        />
        <Select
          aria-label="Event types"
          mode="tags"
          allowClear
          placeholder="Any type"
          value={types}
          onChange={setTypes}
          options={commonEventTypes.map((t) => ({ value: t, label: t }))}
          style={{ minWidth: 220 }}
        />
        <Input.Search
          aria-label="Client"
          placeholder="Client id"
          allowClear
          onSearch={setClient}
          style={{ width: 180 }}
        />
        <Input.Search
          aria-label="IP address"
          placeholder="IP address"
          allowClear
          onSearch={setIp}
          style={{ width: 160 }}
        />
        <DatePicker.RangePicker
          aria-label="Time range"
          showTime
          allowEmpty={[true, true]}
          value={range}
          onChange={setRange}
        />
      </Space>
      <DataTable<LoginEvent>
        loader={loader}
        searchable={false}
        rowKey={(e) => e.id || `${e.time}-${e.type}-${e.sessionId}`}
        deps={[realm, user, client, ip, types.join(','), from, to]}
        emptyText="No login events match. Keycloak records them only while login events are on (Settings tab)."
        tableProps={{ onRow: (e) => (e.failed ? { style: { background: 'rgba(255, 77, 79, 0.08)' } } : {}) }}
        columns={[
          { title: 'Time', dataIndex: 'time', width: 190, render: when },
          {
            title: 'Type',
            dataIndex: 'type',
            render: (type: string, e) => (
              <Tag color={e.failed ? 'red' : type === 'LOGIN' ? 'green' : undefined}>{type}</Tag>
            ),
          },
          {
            title: 'Error',
            dataIndex: 'error',
            render: (err: string) => (err ? <Typography.Text type="danger">{err}</Typography.Text> : null),
          },
          { title: 'User', key: 'user', render: (_, e) => e.details.username || e.userId },
          { title: 'Client', dataIndex: 'clientId' },
          { title: 'IP address', dataIndex: 'ipAddress' },
        ]}
      />
    </>
  );
}
