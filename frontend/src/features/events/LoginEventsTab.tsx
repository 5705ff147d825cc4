import { useState } from 'react';
import { DataTable } from '@/components/DataTable';
import { commonEventTypes, eventsApi, type LoginEvent } from './api';
import { ChoiceFilter, EventFilterBar, eventColumns, eventKindColumn, TextFilter, useTimeRange } from './EventFilters';

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
  const { range, setRange, from, to, loader } = useTimeRange();
  const pages = loader((page) =>
    eventsApi.loginEvents(realm, { userId: user, clientId: client, ipAddress: ip, types, ...page }),
  );

  return (
    <>
      <EventFilterBar range={range} onRange={setRange}>
        <TextFilter label="User id" width={300} defaultValue={initialUser} onSearch={setUser} />
        <ChoiceFilter
          label="Event types"
          placeholder="Any type"
          options={commonEventTypes}
          tags
          value={types}
          onChange={setTypes}
          minWidth={220}
        />
        <TextFilter label="Client" placeholder="Client id" width={180} onSearch={setClient} />
        <TextFilter label="IP address" width={160} onSearch={setIp} />
      </EventFilterBar>
      <DataTable<LoginEvent>
        loader={pages}
        searchable={false}
        rowKey={(e) => e.id || `${e.time}-${e.type}-${e.sessionId}`}
        deps={[realm, user, client, ip, types.join(','), from, to]}
        emptyText="No login events match. Keycloak records them only while login events are on (Settings tab)."
        tableProps={{ onRow: (e) => (e.failed ? { style: { background: 'rgba(255, 77, 79, 0.08)' } } : {}) }}
        columns={[
          eventColumns.time,
          eventKindColumn<LoginEvent>('Type', 'type', { LOGIN: 'green' }),
          eventColumns.error,
          { title: 'User', key: 'user', render: (_, e) => e.details.username || e.userId },
          { title: 'Client', dataIndex: 'clientId' },
          { title: 'IP address', dataIndex: 'ipAddress' },
        ]}
      />
    </>
  );
}
