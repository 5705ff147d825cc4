import type { User } from './api';

/** Which user a tab of the user's page (or a panel on it) shows: the realm and the user's id. */
export interface UserTabProps {
  realm: string;
  id: string;
}

/** A tab editing the user the page loaded: it starts from `user` and hands back the user as saved. */
export interface UserEditTabProps extends UserTabProps {
  user: User;
  onSaved: (user: User) => void;
}
