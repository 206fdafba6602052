/** Member portal routes. Add a page: a path here, a label in member.tsx, a route in router.tsx. */
export const memberPaths = {
  home: '/member',
  learning: '/member/learning',
  hours: '/member/hours',
  outputHours: '/member/output-hours',
  exemptions: '/member/exemptions',
  notices: '/member/notices',
  // 账户安全 (password and phone): reached from the header, not the guide's left menu
  security: '/member/security',
  fee: '/member/payment',
  payments: '/member/payments',
  messages: '/member/messages',
} as const;
