/** Kinds of the simulator's calendar events, and their order at equal times (MECHANISM.md). */
// event kinds
export const K_DAY_START = 0;
export const K_TICK = 1;
export const K_BOOKINGS = 2;
export const K_COMPLETE = 3;
export const K_PARK = 4;
export const K_ABANDON = 5;
export const K_ARRIVAL = 6;
export const K_CHECKIN = 7;
export const K_CALLABLE = 8;
export const K_RESUME = 9;
export const K_RECALL = 10;
export const K_REQUEST = 11;
export const K_CONFIRM = 12;

// ranks: the order of kinds at equal times
export const RANK: Record<number, number> = {
  [K_DAY_START]: 0,
  [K_TICK]: 0,
  [K_BOOKINGS]: 0,
  [K_RECALL]: 0,
  [K_REQUEST]: 0,
  [K_CONFIRM]: 0,
  [K_COMPLETE]: 1,
  [K_PARK]: 1,
  [K_ABANDON]: 2,
  [K_ARRIVAL]: 3,
  [K_CHECKIN]: 3,
  [K_CALLABLE]: 3,
  [K_RESUME]: 3,
};
