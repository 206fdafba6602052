import { ArrowLeftOutlined, CheckCircleFilled, LockOutlined, PlayCircleOutlined } from '@ant-design/icons';
import type { LessonDetail, ProgressResponse } from '@cpe/shared';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Progress, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError, errorMessage } from '../../api/client.ts';
import { invalidateStudy, useFee, useLesson } from '../../api/learning.ts';
import { CourseTags } from './CourseCard.tsx';
import { EvaluationDone, EvaluationForm } from './EvaluationForm.tsx';
import { FeeModal, feeUnpaid } from './FeeModal.tsx';
import {
  durationText,
  ELECTIVES_LOCKED,
  hoursText,
  learningPaths,
  percentOf,
  UNEVALUATED_NOTICE,
} from './format.ts';
import { InstituteBanner } from './InstituteBanner.tsx';
import { PageTitle } from './LearningPage.tsx';
import { StudyWindowNotice, studyOpen } from './StudyWindowNotice.tsx';
import { ErrorAlert, LoadingCard } from './status.tsx';
import { useTrackedVideo } from './useTrackedVideo.ts';

/** Refusals after which the video must not go on playing. */
const FATAL = new Set([
  'FEE_UNPAID',
  'REQUIRED_COURSES_FIRST',
  'INSTITUTE_NOT_CHOSEN',
  'NOT_FOUND',
  'STUDY_WINDOW_CLOSED',
  'STUDY_WINDOW_NOT_OPEN',
]);

const DISPLACED = '您正在其他页面或设备上学习，本页已暂停计时';

/** The lesson player: tracked video, the server's progress, then 评价. */
export function LessonPage() {
  const lessonId = Number(useParams().lessonId);
  const lesson = useLesson(lessonId);
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <div>
        <Link to={lesson.data ? learningPaths.course(lesson.data.course.id) : learningPaths.home}>
          <ArrowLeftOutlined /> {lesson.data ? `返回课程：${lesson.data.course.title}` : '返回在线学习'}
        </Link>
      </div>
      {lesson.isPending && <LoadingCard rows={8} />}
      {lesson.isError && <ErrorAlert error={lesson.error} onRetry={() => lesson.refetch()} />}
      {lesson.data && <LessonView key={lesson.data.id} lesson={lesson.data} />}
    </div>
  );
}

function LessonView({ lesson }: { lesson: LessonDetail }) {
  const fee = useFee(lesson.year);
  const gated = feeUnpaid(fee.data);
  const [feeOpen, setFeeOpen] = useState(false);
  const { hash } = useLocation();
  const open = studyOpen(lesson);
  const toEvaluate = open && lesson.completed && !lesson.evaluated;

  // "去评价" links land on the form; finishing the video brings it into view too.
  useEffect(() => {
    if (hash === '#evaluate' || toEvaluate) {
      document.getElementById('evaluate')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    }
  }, [hash, toEvaluate]);

  return (
    <>
      <InstituteBanner institute={lesson.institute} year={lesson.year} />
      <Card>
        <div style={{ display: 'grid', gap: 8 }}>
          <PageTitle title={lesson.title} />
          <CourseTags kind={lesson.course.kind} ethics={lesson.course.ethics} />
          <Typography.Text type="secondary" style={{ overflowWrap: 'anywhere' }}>
            课程：{lesson.course.title} · 主讲：{lesson.course.teacher} · 时长{' '}
            {durationText(lesson.durationSeconds)} · {hoursText(lesson.creditHours)} 学时
          </Typography.Text>
        </div>
      </Card>
      {!open ? (
        <StudyWindowNotice lesson={lesson} />
      ) : lesson.locked ? (
        <Alert
          type="warning"
          showIcon
          icon={<LockOutlined />}
          role="alert"
          title="请先完成本年度全部必修课程，再学习选修课程"
          description={
            <>
              {ELECTIVES_LOCKED}。<Link to={learningPaths.home}>查看还需完成的必修课程</Link>
            </>
          }
        />
      ) : fee.isPending ? (
        <LoadingCard rows={6} />
      ) : gated ? (
        <Card>
          <div style={{ display: 'grid', justifyItems: 'center', gap: 12, padding: '24px 0' }}>
            <PlayCircleOutlined style={{ fontSize: 48, color: '#1f4e8c' }} />
            <Typography.Text>非执业会员须先交纳本年度继续教育费用，才可以开始学习。</Typography.Text>
            <Button type="primary" size="large" onClick={() => setFeeOpen(true)}>
              开始学习
            </Button>
          </div>
        </Card>
      ) : (
        <Player lesson={lesson} onFeeUnpaid={() => setFeeOpen(true)} />
      )}
      {toEvaluate && <EvaluationForm lesson={lesson} />}
      {lesson.evaluated && <EvaluationDone lesson={lesson} />}
      {open && !lesson.evaluated && <Alert type="info" showIcon title={UNEVALUATED_NOTICE} />}
      {fee.data && (
        <FeeModal
          fee={fee.data}
          open={feeOpen}
          onClose={() => setFeeOpen(false)}
          back={learningPaths.lesson(lesson.id)}
        />
      )}
    </>
  );
}

function Player({ lesson, onFeeUnpaid }: { lesson: LessonDetail; onFeeUnpaid: () => void }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [live, setLive] = useState<ProgressResponse | null>(null);
  const [fatal, setFatal] = useState<ApiError | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const [displaced, setDisplaced] = useState(false);
  // Completion is announced once, when the server first says so.
  const announced = useRef(lesson.completed);

  const refuse = (e: ApiError) => {
    videoRef.current?.pause();
    setFatal(e);
    if (e.code === 'FEE_UNPAID') onFeeUnpaid();
  };

  useTrackedVideo(
    videoRef,
    {
      lessonId: lesson.id,
      position: lesson.positionSeconds,
      furthest: lesson.furthestSeconds,
      durationSeconds: lesson.durationSeconds,
    },
    {
      onResult: (r) => {
        setWarning(null);
        setDisplaced(false);
        setLive(r);
        if (r.completed && !announced.current) {
          announced.current = true;
          message.success('本课节已学习完成，请进行评价');
          invalidateStudy(queryClient, lesson.id);
        }
      },
      onError: (e) => {
        if (e === null) {
          if (fatal) refuse(fatal);
        } else if (e instanceof ApiError && FATAL.has(e.code)) refuse(e);
        else setWarning(errorMessage(e));
      },
      onDisplaced: () => setDisplaced(true),
      onBlockedSeek: () => message.warning({ content: '不能快进到未观看的部分', key: 'seek' }),
      onRateReset: () => message.info({ content: '课程视频只能以正常速度播放', key: 'rate' }),
    },
    fatal !== null,
  );

  const watched = Math.max(live?.watchedSeconds ?? 0, lesson.watchedSeconds);
  const completed = (live?.completed ?? false) || lesson.completed;
  return (
    <Card styles={{ body: { padding: 0 } }} style={{ overflow: 'hidden' }}>
      {/* biome-ignore lint/a11y/useMediaCaption: the demo clips have no speech to caption */}
      <video
        ref={videoRef}
        src={lesson.videoUrl}
        controls
        preload="metadata"
        playsInline
        disablePictureInPicture
        controlsList="nodownload noplaybackrate noremoteplayback"
        aria-label={`课节视频：${lesson.title}`}
        data-testid="lesson-video"
        style={{
          display: 'block',
          width: '100%',
          maxHeight: '52vh',
          background: '#000',
          aspectRatio: '16 / 9',
        }}
      />
      <div style={{ padding: 16, display: 'grid', gap: 8 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }}>
          <Typography.Text strong>学习进度</Typography.Text>
          <Typography.Text type="secondary" data-testid="watched">
            已观看 {durationText(watched)} / {durationText(lesson.durationSeconds)}
          </Typography.Text>
          {completed && (
            <Tag color="success" icon={<CheckCircleFilled />} data-testid="lesson-completed">
              已完成
            </Tag>
          )}
        </div>
        <Progress
          percent={percentOf(watched, lesson.durationSeconds)}
          status={completed ? 'success' : 'active'}
          aria-label="学习进度"
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          学习进度以服务器记录为准：不能快进到未观看的部分，可以回看；播放速度为正常速度。
        </Typography.Text>
        {fatal && <Alert type="error" showIcon role="alert" title={fatal.message} />}
        {displaced && !fatal && (
          <Alert
            type="warning"
            showIcon
            role="alert"
            data-testid="viewing-displaced"
            title={DISPLACED}
            action={
              <Button
                size="small"
                type="primary"
                onClick={() => {
                  // Playing again here claims the member's viewing for this page.
                  setDisplaced(false);
                  void videoRef.current?.play().catch(() => {});
                }}
              >
                在本页继续学习
              </Button>
            }
          />
        )}
        {warning && <Alert type="warning" showIcon title={warning} />}
      </div>
    </Card>
  );
}
