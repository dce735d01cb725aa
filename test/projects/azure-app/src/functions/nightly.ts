import { app, InvocationContext, Timer } from '@azure/functions';

export async function nightlyReport(timer: Timer, context: InvocationContext): Promise<void> {
  context.log('report at', timer.scheduleStatus?.last);
}

app.timer('nightlyReport', { schedule: '0 0 2 * * *', handler: nightlyReport });
