import { Typography } from 'antd';
import { useState } from 'react';
import { DataTable } from '@/components/DataTable';
import { adminOperations, adminResourceTypes, eventsApi, type AdminEvent } from './api';
import { ChoiceFilter, EventFilterBar, eventColumns, eventKindColumn, TextFilter, useTimeRange } from './EventFilters';

/** A realm's admin events, newest first: who changed what, through the admin API. */
export function AdminEventsTab({ realm }: { realm: string }) {
  const [operations, setOperations] = useState<string[]>([]);
  const [resourceTypes, setResourceTypes] = useState<string[]>([]);
  const [resourcePath, setResourcePath] = useState('');
  const [authUser, setAuthUser] = useState('');
  const { range, setRange, from, to, loader } = useTimeRange();
  const pages = loader((page) =>
    eventsApi.adminEvents(realm, { operations, resourceTypes, resourcePath, authUserId: authUser, ...page }),
  );

  return (
    <>
      <EventFilterBar range={range} onRange={setRange}>
        <ChoiceFilter
          label="Operations"
          placeholder="Any operation"
          options={adminOperations}
          value={operations}
          onChange={setOperations}
          minWidth={180}
        />
        <ChoiceFilter
          label="Resource types"
          placeholder="Any resource"
          options={adminResourceTypes}
          value={resourceTypes}
          onChange={setResourceTypes}
          minWidth={200}
        />
        <TextFilter
          label="Resource path"
          placeholder="Resource path, * as wildcard"
          width={240}
          onSearch={setResourcePath}
        />
        <TextFilter label="Admin user id" width={240} onSearch={setAuthUser} />
      </EventFilterBar>
      <DataTable<AdminEvent>
        loader={pages}
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
          eventColumns.time,
          eventKindColumn<AdminEvent>('Operation', 'operation', { DELETE: 'volcano' }),
          { title: 'Resource', dataIndex: 'resourceType' },
          { title: 'Path', dataIndex: 'resourcePath' },
          { title: 'By user', dataIndex: 'authUserId' },
          { title: 'IP address', dataIndex: 'authIpAddress' },
          eventColumns.error,
        ]}
      />
    </>
  );
}
