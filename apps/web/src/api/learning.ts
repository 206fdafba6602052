import type {
  CourseDetail,
  CoursesResponse,
  EvaluationRequest,
  EvaluationResponse,
  FeeStatus,
  HoursResponse,
  Institute,
  InstituteChoice,
  LessonDetail,
  ProgressRequest,
  ProgressResponse,
} from '@cpe/shared';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from './client.ts';

/**
 * Online learning (packages/shared/src/learning.ts). Queries without a year ask the server for its
 * current year (Asia/Shanghai), so the browser's clock never decides which year a member studies in.
 */
export const learningKeys = {
  institutes: ['institutes'] as const,
  choice: ['institute-choice'] as const,
  courses: (year: number) => ['courses', year] as const,
  course: (id: number) => ['course', id] as const,
  lesson: (id: number) => ['lesson', id] as const,
  hours: (year: number) => ['hours', year] as const,
  fee: (year: number) => ['fee', year] as const,
};

export function useInstitutes() {
  return useQuery({
    queryKey: learningKeys.institutes,
    queryFn: () => api<Institute[]>('/api/institutes'),
    staleTime: 10 * 60_000,
  });
}

/** This year's institute choice; `year` in the answer is the server's current year. */
export function useInstituteChoice() {
  return useQuery({
    queryKey: learningKeys.choice,
    queryFn: () => api<InstituteChoice>('/api/me/institute-choice'),
  });
}

export function useChooseInstitute() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { year: number; instituteId: number }) =>
      api<InstituteChoice>('/api/me/institute-choice', { method: 'POST', body }),
    onSuccess: (choice) => queryClient.setQueryData(learningKeys.choice, choice),
    // 409: chosen meanwhile (another tab): show what the server holds.
    onError: () => queryClient.invalidateQueries({ queryKey: learningKeys.choice }),
  });
}

export function useCourses(year: number | undefined) {
  return useQuery({
    queryKey: learningKeys.courses(year ?? 0),
    queryFn: () => api<CoursesResponse>(`/api/courses?year=${year}`),
    enabled: year !== undefined,
  });
}

export function useCourse(courseId: number) {
  return useQuery({
    queryKey: learningKeys.course(courseId),
    queryFn: () => api<CourseDetail>(`/api/courses/${courseId}`),
    enabled: Number.isInteger(courseId) && courseId > 0,
  });
}

export function useLesson(lessonId: number) {
  return useQuery({
    queryKey: learningKeys.lesson(lessonId),
    queryFn: () => api<LessonDetail>(`/api/lessons/${lessonId}`),
    enabled: Number.isInteger(lessonId) && lessonId > 0,
  });
}

export function useFee(year: number | undefined) {
  return useQuery({
    queryKey: learningKeys.fee(year ?? 0),
    queryFn: () => api<FeeStatus>(`/api/me/fee?year=${year}`),
    enabled: year !== undefined,
  });
}

export function useHours(year: number) {
  return useQuery({
    queryKey: learningKeys.hours(year),
    queryFn: () => api<HoursResponse>(`/api/me/hours?year=${year}`),
  });
}

/** Everything that shows a lesson's state: after progress completes it or an evaluation is saved. */
export function invalidateStudy(queryClient: QueryClient, lessonId: number) {
  for (const key of [learningKeys.lesson(lessonId), ['courses'], ['course'], ['hours']]) {
    void queryClient.invalidateQueries({ queryKey: key });
  }
}

export function useEvaluate(lessonId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: EvaluationRequest) =>
      api<EvaluationResponse>(`/api/lessons/${lessonId}/evaluation`, { method: 'POST', body }),
    onSettled: () => invalidateStudy(queryClient, lessonId),
  });
}

const progressUrl = (lessonId: number) => `/api/lessons/${lessonId}/progress`;

/**
 * One progress report. `keepalive` lets it finish when the tab is being hidden or the member navigates
 * away; the body is tiny, far below the browser's keepalive limit. The player shows these messages
 * under the video, so a failure says that the progress was not saved.
 */
export async function postProgress(lessonId: number, body: ProgressRequest): Promise<ProgressResponse> {
  try {
    return await api<ProgressResponse>(progressUrl(lessonId), { method: 'POST', body, keepalive: true });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.code === 'NETWORK')
      throw new ApiError('NETWORK', '无法连接服务器，学习进度暂未保存，请检查网络', 0);
    if (e.code === 'HTTP_ERROR') {
      throw new ApiError('HTTP_ERROR', `学习进度保存失败（${e.status}），请稍后重试`, e.status);
    }
    throw e;
  }
}

/**
 * The last report when the page is being unloaded: a beacon survives the page. Where the browser refuses
 * a JSON beacon, a keepalive fetch does the same job.
 */
export function beaconProgress(lessonId: number, body: ProgressRequest) {
  const blob = new Blob([JSON.stringify(body)], { type: 'application/json' });
  try {
    if (navigator.sendBeacon?.(progressUrl(lessonId), blob)) return;
  } catch {
    // some browsers throw for a non-form content type
  }
  postProgress(lessonId, body).catch(() => {});
}
